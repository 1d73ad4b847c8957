// Reads and writes of the imported memory shared by the kernel modules: f64 values are addressed by their element
// index from the start of the memory (a column is a base index, its row r at base + r), Int32 arrays by their byte
// offset.

@inline export function valueAt(index: i32): f64 {
  return load<f64>(<usize>index << 3);
}

@inline export function pairAt(index: i32): v128 {
  return v128.load(<usize>index << 3);
}

@inline export function indexAt(array: usize, i: i32): i32 {
  return load<i32>(array + (<usize>i << 2));
}

@inline export function subtractAt(index: i32, value: f64): void {
  const p = <usize>index << 3;
  store<f64>(p, load<f64>(p) - value);
}
