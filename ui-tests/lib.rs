//! No code: the tests are under `tests/`.
