//! JWT signing: one REST token (header, claims with `uri`, signature) per iteration, for each
//! key type Coinbase issues. `cargo bench --bench jwt`.

use std::hint::black_box;

use cbterm::coinbase::jwt::{rest_token, ws_token};
use cbterm::credentials::Credentials;
use criterion::{Criterion, criterion_group, criterion_main};

fn sign(c: &mut Criterion) {
    let keys = [
        ("es256", Credentials::generate_es256("organizations/bench/apiKeys/es256")),
        ("ed25519", Credentials::generate_ed25519("organizations/bench/apiKeys/ed25519")),
    ];
    let now = 1_780_000_000;
    for (name, creds) in &keys {
        c.bench_function(&format!("jwt/rest/{name}"), |b| {
            b.iter(|| {
                rest_token(black_box(creds), "POST", "api.coinbase.com", "/api/v3/brokerage/orders", now)
            })
        });
        c.bench_function(&format!("jwt/ws/{name}"), |b| b.iter(|| ws_token(black_box(creds), now)));
    }
}

criterion_group!(benches, sign);
criterion_main!(benches);
