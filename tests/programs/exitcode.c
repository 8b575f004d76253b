/* Prints to stdout and stderr, then exits with a non-zero code. */
#include "rt.h"

int main(void) {
    u32 acc = 0;
    for (u32 i = 1; i <= 100; i++) acc += i * i;
    print_str("sum of squares 1..100 = ");
    print_u32(acc);
    print_str("\n");
    static const char err[] = "this goes to stderr\n";
    sys_write(2, err, sizeof err - 1);
    long bad = sys_write(5, err, 4);
    print_str("write to fd 5 returned ");
    print_i32((i32)bad);
    print_str("\n");
    return 42;
}
