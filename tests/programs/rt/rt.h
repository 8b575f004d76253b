/* Tiny runtime for the test programs: Linux write/exit and number printing.
 * The syscall number goes in a7 on RV32I (Linux, so qemu-riscv32 runs the same ELF)
 * and in t0 on RV32E, which has no a7 (Rivet's contract convention). */
#ifndef RT_H
#define RT_H

typedef unsigned int u32;
typedef int i32;
typedef unsigned long long u64;
typedef long long i64;
typedef unsigned char u8;
typedef unsigned long size_t;

#ifdef __riscv_32e
#define SYSNUM_REG "t0"
#else
#define SYSNUM_REG "a7"
#endif

static inline long sys3(long n, long a, long b, long c) {
    register long a0 __asm__("a0") = a;
    register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c;
    register long num __asm__(SYSNUM_REG) = n;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(num) : "memory");
    return a0;
}

static inline long sys_write(int fd, const void *buf, size_t len) {
    return sys3(64, fd, (long)buf, (long)len);
}

__attribute__((noreturn)) static inline void sys_exit(int code) {
    sys3(93, code, 0, 0);
    __builtin_unreachable();
}

size_t rt_strlen(const char *s);
void print_str(const char *s);
void print_u32(u32 v);
void print_i32(i32 v);
void print_hex(u32 v);
void print_u64(u64 v);
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

#endif
