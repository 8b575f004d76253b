/* A C float formatter: run(n) prints n values with snprintf's %f, %e and %g
   (wasi-libc's printf, double precision) and returns an FNV-1a hash of the text.
   Built by conformance/tests/floats.rs with
     clang-16 --target=wasm32-wasi -O2 -nostartfiles -nodefaultlibs -Wl,--no-entry
       snprintf.c -lc
   and compared with wasmi bit for bit. */
#include <stddef.h>
#include <stdio.h>

static char buf[512];

__attribute__((export_name("run"))) long long run(int n) {
    unsigned long long h = 0xcbf29ce484222325ULL;
    double x = 1.0;
    for (int i = 0; i < n; i++) {
        x = x * 1.37 + 0.001 * i;
        if (x > 1e12) {
            x = x / 1e15;
        }
        int len = snprintf(buf, sizeof buf, "%f|%.3e|%g|%.10f|%f", x, -x * 1e-7, x / 3.0,
                           1.0 / (i + 1), (double)(float)x);
        for (int k = 0; k < len && k < (int)sizeof buf; k++) {
            h = (h ^ (unsigned char)buf[k]) * 0x100000001b3ULL;
        }
    }
    return (long long)h;
}

/* The only FILE written is snprintf's string buffer, which has its own write
   callback: libc's stdio back ends are never called. Defining them here keeps
   libc's versions, and with them every WASI import, out of the module. */
size_t __stdio_write(FILE *f, const unsigned char *b, size_t len) {
    (void)f, (void)b, (void)len;
    __builtin_trap();
}
long long __stdio_seek(FILE *f, long long off, int whence) {
    (void)f, (void)off, (void)whence;
    __builtin_trap();
}
int __stdio_close(FILE *f) {
    (void)f;
    __builtin_trap();
}
