#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer with `callback` as the target. For programs that bring their own `main`:
/// SwiftPM links every executable's `main` to the module's own entry point, so libFuzzer's
/// `main` is never the one that runs.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
