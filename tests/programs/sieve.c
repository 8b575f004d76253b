/* Sieve of Eratosthenes: count primes below N and print a few. */
#include "rt.h"

#define N 200000
static u8 composite[N];

int main(void) {
    u32 count = 0, last = 0, sum = 0;
    for (u32 i = 2; i < N; i++) {
        if (composite[i]) continue;
        count++;
        last = i;
        sum += i;
        for (u32 j = i * 2; j < N; j += i) composite[j] = 1;
    }
    print_str("primes below ");
    print_u32(N);
    print_str(": ");
    print_u32(count);
    print_str("\nlargest: ");
    print_u32(last);
    print_str("\nsum mod 2^32: ");
    print_u32(sum);
    print_str("\nfirst ten:");
    u32 shown = 0;
    for (u32 i = 2; shown < 10; i++) {
        if (!composite[i]) {
            print_str(" ");
            print_u32(i);
            shown++;
        }
    }
    print_str("\n");
    return 0;
}
