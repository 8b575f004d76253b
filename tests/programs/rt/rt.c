/* Output helpers and the memset/memcpy gcc may call at -O2. */
#include "rt.h"

size_t rt_strlen(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

void print_str(const char *s) { sys_write(1, s, rt_strlen(s)); }

void print_u32(u32 v) {
    char buf[12];
    int i = 11;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    print_str(buf + i);
}

void print_i32(i32 v) {
    if (v < 0) {
        print_str("-");
        print_u32(0u - (u32)v);
    } else {
        print_u32((u32)v);
    }
}

void print_hex(u32 v) {
    char buf[11];
    buf[0] = '0';
    buf[1] = 'x';
    for (int i = 0; i < 8; i++) buf[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15];
    buf[10] = 0;
    print_str(buf);
}

void print_u64(u64 v) {
    char buf[21];
    int i = 20;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v);
    print_str(buf + i);
}

void *memset(void *d, int c, size_t n) {
    u8 *p = d;
    while (n--) *p++ = (u8)c;
    return d;
}

void *memcpy(void *d, const void *s, size_t n) {
    u8 *p = d;
    const u8 *q = s;
    while (n--) *p++ = *q++;
    return d;
}
