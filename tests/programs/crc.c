/* CRC-32 (IEEE, table-driven) and FNV-1a over a generated buffer. */
#include "rt.h"

#define LEN 65536
static u8 buf[LEN];
static u32 table[256];

static void make_table(void) {
    for (u32 i = 0; i < 256; i++) {
        u32 c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
}

static u32 crc32(const u8 *p, u32 n) {
    u32 c = 0xffffffffu;
    for (u32 i = 0; i < n; i++) c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

static u32 fnv1a(const u8 *p, u32 n) {
    u32 h = 2166136261u;
    for (u32 i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
    return h;
}

int main(void) {
    make_table();
    static const char check[] = "123456789";
    print_str("crc32(\"123456789\") = ");
    print_hex(crc32((const u8 *)check, 9));
    print_str("\n");
    u32 x = 1;
    for (u32 i = 0; i < LEN; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (u8)(x >> 16);
    }
    print_str("crc32(buf) = ");
    print_hex(crc32(buf, LEN));
    print_str("\nfnv1a(buf) = ");
    print_hex(fnv1a(buf, LEN));
    print_str("\n");
    return 0;
}
