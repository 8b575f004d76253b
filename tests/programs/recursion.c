/* Deep recursion: ackermann and naive fibonacci. */
#include "rt.h"

static u32 ack(u32 m, u32 n) {
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static u32 fib(u32 n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(void) {
    for (u32 n = 0; n <= 6; n++) {
        print_str("ack(2,");
        print_u32(n);
        print_str(") = ");
        print_u32(ack(2, n));
        print_str("\n");
    }
    print_str("ack(3,5) = ");
    print_u32(ack(3, 5));
    print_str("\nfib(24) = ");
    print_u32(fib(24));
    print_str("\n");
    return 0;
}
