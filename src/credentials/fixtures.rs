//! Offline-generated (openssl 3) keys of types cbterm must refuse. Test-only; never used to sign.

/// RSA-512, PKCS#1 `RSA PRIVATE KEY`.
pub(crate) const RSA_PKCS1_PEM: &str = "\
-----BEGIN RSA PRIVATE KEY-----\n\
MIIBOgIBAAJBAL6MbeyOD7vOo9TwOaea//xKGgQS3OvlO7fby1WG/VuRjLDyFVFq\n\
Qmzr3TLMTt+Yj1x1SwI1YEtvNsqej5EQ3zkCAwEAAQJAGDO18onIrc39ORqZ+BPT\n\
17OBwmqy7LNc9mlQVjijDXIipmcFybIAbD8uCuIs9ef/M/6jBs5xo/V/MZAMF/8K\n\
AQIhAPoZjaaXM4/SOA8jU9Bu6I9xtEB+t6nMm39/MEGBo32pAiEAwws5P1ftzlZR\n\
EwKMDvvKiZL8XaEX1yTtc+jqv3s3rxECIDpoB02VWARJWrAmVueBTyxYqHi7Xxb3\n\
YoUW5eUWamDpAiAdhphu91+fib+SMiODrSg29VJQ1i8muYdcsZi/zeZbEQIhAIde\n\
8o2pawirQcmWUJLM7vJCSjEKrTebBae+4AoLgL7F\n\
-----END RSA PRIVATE KEY-----\n\
";

/// RSA-512, PKCS#8 `PRIVATE KEY`.
pub(crate) const RSA_PKCS8_PEM: &str = "\
-----BEGIN PRIVATE KEY-----\n\
MIIBVAIBADANBgkqhkiG9w0BAQEFAASCAT4wggE6AgEAAkEAvoxt7I4Pu86j1PA5\n\
p5r//EoaBBLc6+U7t9vLVYb9W5GMsPIVUWpCbOvdMsxO35iPXHVLAjVgS282yp6P\n\
kRDfOQIDAQABAkAYM7Xyicitzf05Gpn4E9PXs4HCarLss1z2aVBWOKMNciKmZwXJ\n\
sgBsPy4K4iz15/8z/qMGznGj9X8xkAwX/woBAiEA+hmNppczj9I4DyNT0G7oj3G0\n\
QH63qcybf38wQYGjfakCIQDDCzk/V+3OVlETAowO+8qJkvxdoRfXJO1z6Oq/ezev\n\
EQIgOmgHTZVYBElasCZW54FPLFioeLtfFvdihRbl5RZqYOkCIB2GmG73X5+Jv5Iy\n\
I4OtKDb1UlDWLya5h1yxmL/N5lsRAiEAh17yjalrCKtByZZQkszu8kJKMQqtN5sF\n\
p77gCguAvsU=\n\
-----END PRIVATE KEY-----\n\
";

/// P-384, SEC1 `EC PRIVATE KEY`.
pub(crate) const P384_SEC1_PEM: &str = "\
-----BEGIN EC PRIVATE KEY-----\n\
MIGkAgEBBDDRXq6zR9Drym9N/KcQ6dfGgd+8NzW02e/ubN4yiBBvUIcYtb01j4TI\n\
eizxUIeN0PGgBwYFK4EEACKhZANiAAQpilNZf6OO5oZevIPpM5w2oZxS2lXXRGks\n\
UNaYjZOYXVozYPxzMLN6HnGY2olgiPHmEHEEntCcAWMgtmbfwMkaK6pNgzWr0Qm7\n\
FLrDg4zYhM5gUNrAVApH5NkjMpjV/EI=\n\
-----END EC PRIVATE KEY-----\n\
";

/// P-384, PKCS#8 `PRIVATE KEY`.
pub(crate) const P384_PKCS8_PEM: &str = "\
-----BEGIN PRIVATE KEY-----\n\
MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDDRXq6zR9Drym9N/KcQ\n\
6dfGgd+8NzW02e/ubN4yiBBvUIcYtb01j4TIeizxUIeN0PGhZANiAAQpilNZf6OO\n\
5oZevIPpM5w2oZxS2lXXRGksUNaYjZOYXVozYPxzMLN6HnGY2olgiPHmEHEEntCc\n\
AWMgtmbfwMkaK6pNgzWr0Qm7FLrDg4zYhM5gUNrAVApH5NkjMpjV/EI=\n\
-----END PRIVATE KEY-----\n\
";
