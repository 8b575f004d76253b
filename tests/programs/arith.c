/* M-extension edge cases and libgcc 64-bit helpers; volatile keeps gcc from folding. */
#include "rt.h"

static volatile i32 vals[] = {0, 1, -1, 7, -7, 2147483647, (i32)0x80000000, 12345, -100000};
#define NV (sizeof(vals) / sizeof(vals[0]))

static u32 mulh(i32 a, i32 b) { return (u32)(((i64)a * (i64)b) >> 32); }
static u32 mulhu(u32 a, u32 b) { return (u32)(((u64)a * (u64)b) >> 32); }
static u32 mulhsu(i32 a, u32 b) { return (u32)(((i64)a * (i64)(u64)b) >> 32); }

int main(void) {
    u32 h = 0;
    for (u32 i = 0; i < NV; i++) {
        for (u32 j = 0; j < NV; j++) {
            i32 a = vals[i], b = vals[j];
            u32 r[8];
            /* Spec results are computed by the hardware instruction (div/rem with
             * b == 0 and INT_MIN / -1 are defined on RISC-V, not UB at the ISA level). */
            __asm__ volatile("div %0, %1, %2" : "=r"(r[0]) : "r"(a), "r"(b));
            __asm__ volatile("divu %0, %1, %2" : "=r"(r[1]) : "r"(a), "r"(b));
            __asm__ volatile("rem %0, %1, %2" : "=r"(r[2]) : "r"(a), "r"(b));
            __asm__ volatile("remu %0, %1, %2" : "=r"(r[3]) : "r"(a), "r"(b));
            r[4] = mulh(a, b);
            r[5] = mulhu((u32)a, (u32)b);
            r[6] = mulhsu(a, (u32)b);
            r[7] = (u32)a * (u32)b;
            for (int k = 0; k < 8; k++) h = (h ^ r[k]) * 16777619u;
            if (i == 3 && (j == 0 || j == 2)) {
                print_i32(a);
                print_str(" / ");
                print_i32(b);
                print_str(": div ");
                print_hex(r[0]);
                print_str(" divu ");
                print_hex(r[1]);
                print_str(" rem ");
                print_hex(r[2]);
                print_str(" remu ");
                print_hex(r[3]);
                print_str("\n");
            }
        }
    }
    print_str("edge hash ");
    print_hex(h);
    print_str("\n");
    i32 mn = vals[6], m1 = vals[2];
    i32 q, rr;
    __asm__ volatile("div %0, %1, %2" : "=r"(q) : "r"(mn), "r"(m1));
    __asm__ volatile("rem %0, %1, %2" : "=r"(rr) : "r"(mn), "r"(m1));
    print_str("INT_MIN / -1 = ");
    print_i32(q);
    print_str(", rem ");
    print_i32(rr);
    print_str("\n");
    /* 64-bit arithmetic through libgcc (__udivdi3, __umoddi3, __divdi3). */
    volatile u64 big = 0x123456789abcdefull;
    volatile i64 neg = -987654321012345ll;
    print_str("u64 ");
    print_u64(big);
    print_str(" / 1000003 = ");
    print_u64(big / 1000003u);
    print_str(" rem ");
    print_u64(big % 1000003u);
    print_str("\ni64 ");
    print_i32((i32)(neg / 1000000007ll));
    print_str("\nshifts ");
    volatile u32 sh = 33, x = 0x80000001u;
    u32 s1, s2, s3;
    __asm__ volatile("sll %0, %1, %2" : "=r"(s1) : "r"(x), "r"(sh));
    __asm__ volatile("srl %0, %1, %2" : "=r"(s2) : "r"(x), "r"(sh));
    __asm__ volatile("sra %0, %1, %2" : "=r"(s3) : "r"(x), "r"(sh));
    print_hex(s1);
    print_str(" ");
    print_hex(s2);
    print_str(" ");
    print_hex(s3);
    print_str("\n");
    return 0;
}
