# Program entry: set up gp for linker relaxation, call main, exit with its result.
# sp is set by the loader (rivet: top of data memory; qemu: the Linux stack).
    .section .text.start
    .globl _start
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    call main
    # exit(a0)
#ifdef __riscv_32e
    li t0, 93
#else
    li a7, 93
#endif
    ecall
1:  j 1b
