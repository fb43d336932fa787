//! [`ClientOrderIds`]: the one source of `client_order_id` values (R-ORD2).

use rand::RngCore;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Where client order ids come from.
#[derive(Debug, Clone)]
enum Source {
    /// The operating system's randomness: production.
    Random,
    /// A seeded generator: the same seed gives the same ids (tests, replays).
    Seeded(Box<ChaCha8Rng>),
}

/// Makes client order ids: UUID v4 as 32 lower-case hex characters.
///
/// Production uses [`ClientOrderIds::random`]; tests pass [`ClientOrderIds::seeded`] so that
/// code which asks for ids (the dashboard's `update`) stays deterministic.
#[derive(Debug, Clone)]
pub struct ClientOrderIds {
    source: Source,
}

impl ClientOrderIds {
    /// Fresh random ids.
    pub fn random() -> Self {
        Self { source: Source::Random }
    }

    /// Ids from a generator seeded with `seed`: the same sequence every time.
    pub fn seeded(seed: u64) -> Self {
        Self { source: Source::Seeded(Box::new(ChaCha8Rng::seed_from_u64(seed))) }
    }

    /// The next id.
    pub fn next_id(&mut self) -> String {
        let uuid = match &mut self.source {
            Source::Random => uuid::Uuid::new_v4(),
            Source::Seeded(rng) => {
                let mut bytes = [0u8; 16];
                rng.fill_bytes(&mut bytes);
                uuid::Builder::from_random_bytes(bytes).into_uuid()
            }
        };
        uuid.simple().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_ids_repeat_per_seed_and_look_like_uuid_v4() {
        let (mut a, mut b, mut c) =
            (ClientOrderIds::seeded(7), ClientOrderIds::seeded(7), ClientOrderIds::seeded(8));
        let first = a.next_id();
        assert_eq!(first, b.next_id());
        assert_ne!(first, c.next_id());
        assert_ne!(first, a.next_id(), "each call gives a new id");
        assert_eq!(first.len(), 32);
        assert!(first.chars().all(|ch| ch.is_ascii_hexdigit() && !ch.is_ascii_uppercase()));
        assert_eq!(&first[12..13], "4", "version 4");
    }

    #[test]
    fn random_ids_differ() {
        let mut ids = ClientOrderIds::random();
        assert_ne!(ids.next_id(), ids.next_id());
    }
}
