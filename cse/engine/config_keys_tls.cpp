// The TLS credentials that HTTPS and CoAPS share (tls.*), also what the https:// sender proves
// and trusts. The rules between these keys and the
// listeners (a certificate needs its key, client authentication a CA) are in validateConfig.
#include "cse/engine/config_keys.h"

namespace citadel::engine {

std::vector<ConfigSection> tlsConfigSections() {
  return {{"TLS and DTLS credentials (HTTPS and CoAPS)",
           "The https:// sender (registration, forwarding, notifications, DAS queries) presents "
           "tls.certificate as its client certificate (a CSE-ID certificate proves this CSE to "
           "another, TS-0004 7.3.2.1) and accepts a server whose chain ends at tls.caFile (the "
           "system's CAs when empty) and whose certificate names the host of the URL. Towards "
           "another CSE, https:// points of access are tried before plain ones.",
           {
               stringKey("tls.certificate", &Config::tls_certificate, "",
                         "PEM file with this CSE's certificate (chain)"),
               stringKey("tls.privateKey", &Config::tls_private_key, "",
                         "PEM file with the certificate's private key (never logged)"),
               stringKey("tls.caFile", &Config::tls_ca_file, "",
                         "PEM trust anchors that client certificates (and, for the https:// "
                         "sender, servers) must chain to"),
               enumKey("tls.clientAuth", &Config::tls_client_auth, {"none", "optional", "required"},
                       "none",
                       "whether HTTPS and CoAPS ask for client certificates (optional: verified "
                       "when sent)"),
               stringKey("tls.crlFile", &Config::tls_crl_file, "",
                         "PEM certificate revocation lists (e.g. citadel-mef-client crl): a "
                         "client certificate is then accepted only when a current CRL of its "
                         "issuer is in the file and does not list it; read at start-up"),
               boolKey("tls.psk", &Config::tls_psk, "false",
                       "accept TLS-PSK (HTTPS) and DTLS-PSK (CoAPS) with the keys of tls.pskStore "
                       "(TS-0003 8.2.2)"),
               stringKey("tls.pskStore", &Config::tls_psk_store, "",
                         "PSK key store, mode 0600: lines 'identity originator hexkey'; empty: "
                         "<storage.path>/psk.keys"),
           }},
          {"Enrolment Target (keys from an M2M Enrolment Function, TS-0003 8.3.2.1)",
           "With enrolment.mef set, a TLS-PSK or DTLS-PSK client whose psk_identity is a KeID "
           "of that MEF (<32 hex digits>@<enrolment.mefFqdn>) and is not in tls.pskStore makes "
           "the CSE fetch the key and the Enrolee's AE-ID from the MEF (SUID 22, TLS-PSK in a "
           "SAEF); the key is kept in memory until its lifetime ends and binds the session to "
           "that AE-ID. Needs tls.psk=true.",
           {
               stringKey("enrolment.mef", &Config::enrolment_mef, "",
                         "host:port of the MEF (citadel-mef); empty: no keys are fetched"),
               stringKey("enrolment.mefFqdn", &Config::enrolment_mef_fqdn, "",
                         "the MEF-FQDN, the suffix of its KeIDs"),
               stringKey("enrolment.credentialFile", &Config::enrolment_credential_file, "",
                         "this CSE's own credential with the MEF, mode 0600: one line "
                         "'identity hexkey' (the MEF's --target-psk-file holds the same key)"),
               stringKey("enrolment.targetId", &Config::enrolment_target_id, "",
                         "this CSE's Enrolment-Target-ID (FQDN form), as Enrolees name it and "
                         "the MEF's --target-psk-file binds to the credential"),
               boolKey("enrolment.useCertificate", &Config::enrolment_use_certificate, "false",
                       "as an Enrolment Target, authenticate to the MEF with tls.certificate and "
                       "tls.privateKey (its DNS name is enrolment.targetId; the MEF runs with "
                       "--certificate-targets) instead of enrolment.credentialFile; the MEF's "
                       "certificate must chain to tls.caFile and name enrolment.mefFqdn"),
               boolKey("enrolment.enrolCertificate", &Config::enrolment_enrol_certificate,
                       "false",
                       "at start-up, when the tls.certificate file does not exist, obtain it and "
                       "tls.privateKey by EST from the MEF (TS-0003 8.3.6.2) for this CSE's "
                       "CSE-ID and public domain name, and write the MEF's CA to tls.caFile "
                       "when that file does not exist either"),
               stringKey("enrolment.enroleeCredentialFile",
                         &Config::enrolment_enrolee_credential_file, "",
                         "this CSE's bootstrap credential as an Enrolee (for "
                         "enrolment.enrolCertificate), mode 0600: 'identity hexkey'; the MEF's "
                         "--psk-file binds it to //<cse.spid>/<cse.id>"),
               intKey("enrolment.fetchTimeout", &Config::enrolment_fetch_timeout_ms,
                      {.min = 100, .max = 60000, .unit = "ms"}, "3000",
                      "bound of one key retrieval (connect, handshake, answer); the handshake "
                      "that asked waits this long at most"),
               intKey("enrolment.refusalTtl", &Config::enrolment_refusal_ttl_s,
                      {.min = 1, .max = 3600, .unit = "s"}, "30",
                      "how long a KeID the MEF refused (or could not answer for) is refused "
                      "without asking again"),
               intKey("enrolment.maxFetchesPerSecond", &Config::enrolment_max_fetches_per_second,
                      {.min = 1, .max = 1000}, "10",
                      "key retrievals started per second at most; beyond, unknown KeIDs are "
                      "refused at once (a flood of invented KeIDs cannot hammer the MEF)"),
           }},
          {"Target MAF Client (keys from an M2M Authentication Function, TS-0003 8.8)",
           "With maf.address set, a TLS-PSK or DTLS-PSK client whose psk_identity is a Key "
           "Identifier of that MAF (<32 hex digits>@<maf.fqdn>) and is not known otherwise makes "
           "the CSE retrieve the key from the MAF (MAF-based SAEF: SUID 32 keys only, whose "
           "source listed this CSE's Absolute CSE-ID as a target); the session is bound to the "
           "source's AE-ID or CSE-ID until the key's expirationTime. Needs tls.psk=true; the "
           "enrolment.fetchTimeout, refusalTtl and maxFetchesPerSecond bounds apply.",
           {
               stringKey("maf.address", &Config::maf_address, "",
                         "host:port of the MAF (citadel-maf); empty: no keys are retrieved"),
               stringKey("maf.fqdn", &Config::maf_fqdn, "",
                         "the MAF-FQDN, the suffix of its Key Identifiers"),
               stringKey("maf.credentialFile", &Config::maf_credential_file, "",
                         "this CSE's Master Credential with the MAF, mode 0600: one line "
                         "'KmID hexKm' (the MAF's --km-file binds the KmID to this CSE-ID)"),
           }},
          {"Secret-bearing files",
           "tls.privateKey, mqtt.privateKey, mqtt.passwordFile, tls.pskStore, esprim.keyFile, "
           "enrolment.credentialFile, maf.credentialFile, token.issuers "
           "with HS256 secrets, and the --config file when it holds mqtt.password must be "
           "readable by the CSE's user only (chmod 600).",
           {
               boolKey("security.allowInsecureKeyFiles", &Config::allow_insecure_key_files,
                       "false",
                       "start although a secret-bearing file is readable by group or others "
                       "(a warning then); false refuses to start"),
           }}};
}

}  // namespace citadel::engine
