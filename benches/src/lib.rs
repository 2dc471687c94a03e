//! Fixtures shared by the Titan benches (see `benches/README.md`).
