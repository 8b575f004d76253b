/* Benchmark workload: sieve + CRC-32 over a buffer, repeated ROUNDS times. */
#include "rt.h"

#ifndef ROUNDS
#define ROUNDS 40
#endif
#define N 100000
#define LEN 32768
static u8 composite[N];
static u8 buf[LEN];
static u32 table[256];

int main(void) {
    for (u32 i = 0; i < 256; i++) {
        u32 c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    u32 total = 0, crc = 0;
    for (u32 round = 0; round < ROUNDS; round++) {
        for (u32 i = 0; i < N; i++) composite[i] = 0;
        u32 count = 0;
        for (u32 i = 2; i < N; i++) {
            if (composite[i]) continue;
            count++;
            for (u32 j = i * 2; j < N; j += i) composite[j] = 1;
        }
        total += count;
        u32 x = round + 1;
        for (u32 i = 0; i < LEN; i++) {
            x = x * 1103515245u + 12345u;
            buf[i] = (u8)(x >> 16);
        }
        u32 c = 0xffffffffu;
        for (u32 i = 0; i < LEN; i++) c = table[(c ^ buf[i]) & 0xff] ^ (c >> 8);
        crc ^= c;
    }
    print_str("primes total ");
    print_u32(total);
    print_str(" crc ");
    print_hex(crc);
    print_str("\n");
    return 0;
}
