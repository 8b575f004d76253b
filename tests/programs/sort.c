/* Sorts pseudo-random arrays with quicksort and insertion sort, checks and hashes them. */
#include "rt.h"

#define N 5000
static i32 a[N], b[N];

static u32 rng = 12345;
static u32 next(void) {
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static void quicksort(i32 *v, int lo, int hi) {
    while (lo < hi) {
        i32 pivot = v[lo + (hi - lo) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i <= j) {
                i32 t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                j--;
            }
        }
        if (j - lo < hi - i) {
            quicksort(v, lo, j);
            lo = i;
        } else {
            quicksort(v, i, hi);
            hi = j;
        }
    }
}

static void insertion(i32 *v, int n) {
    for (int i = 1; i < n; i++) {
        i32 x = v[i];
        int j = i - 1;
        while (j >= 0 && v[j] > x) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = x;
    }
}

int main(void) {
    for (int i = 0; i < N; i++) a[i] = b[i] = (i32)next() % 100000;
    quicksort(a, 0, N - 1);
    insertion(b, N);
    u32 h = 2166136261u;
    int sorted = 1, same = 1;
    for (int i = 0; i < N; i++) {
        if (i && a[i - 1] > a[i]) sorted = 0;
        if (a[i] != b[i]) same = 0;
        h = (h ^ (u32)a[i]) * 16777619u;
    }
    print_str("sorted: ");
    print_u32(sorted);
    print_str(" agree: ");
    print_u32(same);
    print_str("\nmin ");
    print_i32(a[0]);
    print_str(" median ");
    print_i32(a[N / 2]);
    print_str(" max ");
    print_i32(a[N - 1]);
    print_str("\nhash ");
    print_hex(h);
    print_str("\n");
    return sorted && same ? 0 : 1;
}
