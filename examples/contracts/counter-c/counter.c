// rivet:counter/counter in C: the counter lives in storage value slot 0 of the
// executing account (first limb of the digest). Bindings: `wit-bindgen c`, see
// scripts/build-contracts.sh.
#include "counter_c.h"

#define COUNTER_SLOT 0

static uint64_t read_counter(void) {
    rivet_base_account_digest_t value;
    rivet_base_account_account_error_t err;
    if (!rivet_base_account_get_item(COUNTER_SLOT, &value, &err)) {
        // The account declares no slot 0: a deployment error, so trap.
        __builtin_trap();
    }
    return value.w0;
}

uint64_t exports_rivet_counter_counter_increment(uint64_t by) {
    uint64_t next = read_counter() + by;
    rivet_base_account_digest_t value = {.w0 = next, .w1 = 0, .w2 = 0, .w3 = 0};
    rivet_base_account_digest_t previous;
    rivet_base_account_account_error_t err;
    if (!rivet_base_account_set_item(COUNTER_SLOT, &value, &previous, &err)) {
        __builtin_trap();
    }
    rivet_base_account_incr_nonce();
    return next;
}

uint64_t exports_rivet_counter_counter_get(void) {
    return read_counter();
}
