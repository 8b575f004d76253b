/* Linux error returns: an unknown system call gives -ENOSYS (-38) and the program
 * goes on; a write whose buffer runs past memory gives -EFAULT (-14), however long
 * it claims to be. */
#include "rt.h"

static const char msg[] = "still running\n";

static void report(const char *what, long r) {
    print_str(what);
    print_i32((i32)r);
    print_str("\n");
}

int main(void) {
    report("syscall 4000 returned ", sys3(4000, 1, 2, 3));
    report("syscall 1234 returned ", sys3(1234, 0, 0, 0));
    report("huge write returned ", sys_write(1, msg, 0x7ffff000));
    report("write to fd 9 returned ", sys_write(9, msg, 4));
    sys_write(1, msg, sizeof msg - 1);
    return 3;
}
