# Assembly-only program: write "hello from rv32\n" to stdout, exit 7.
    .section .rodata
msg:
    .ascii "hello from rv32\n"

    .text
    .globl _start
_start:
    li a0, 1
    la a1, msg
    li a2, 16          # length of msg
#ifdef __riscv_32e
    li t0, 64
#else
    li a7, 64
#endif
    ecall
    li a0, 7
#ifdef __riscv_32e
    li t0, 93
#else
    li a7, 93
#endif
    ecall
