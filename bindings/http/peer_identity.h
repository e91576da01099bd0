#pragma once
// The identity a TLS client proved (TS-0003 §8.1.2.4): the URI entries of the subjectAltName
// of its certificate, which for an AE-ID certificate hold the Absolute AE-ID
// ("//sp.example/id-in/Cae1" or "//sp.example/Sae1") and for a CSE-ID certificate the CSE-ID.

#include <string>
#include <vector>

typedef struct x509_st X509;

namespace citadel::http {

// The subjectAltName URI entries of `certificate`, in certificate order; empty when it has none.
std::vector<std::string> subjectAltNameUris(const X509* certificate);

}  // namespace citadel::http
