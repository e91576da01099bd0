// The TLS credentials that HTTPS and CoAPS share (tls.*). The rules between these keys and the
// listeners (a certificate needs its key, client authentication a CA) are in validateConfig.
#include "cse/engine/config_keys.h"

namespace citadel::engine {

std::vector<ConfigSection> tlsConfigSections() {
  return {{"TLS and DTLS credentials (HTTPS and CoAPS)",
           "",
           {
               stringKey("tls.certificate", &Config::tls_certificate, "",
                         "PEM file with this CSE's certificate (chain)"),
               stringKey("tls.privateKey", &Config::tls_private_key, "",
                         "PEM file with the certificate's private key (never logged)"),
               stringKey("tls.caFile", &Config::tls_ca_file, "",
                         "PEM trust anchors that client certificates must chain to"),
               enumKey("tls.clientAuth", &Config::tls_client_auth, {"none", "optional", "required"},
                       "none",
                       "whether HTTPS and CoAPS ask for client certificates (optional: verified "
                       "when sent)"),
               boolKey("tls.psk", &Config::tls_psk, "false",
                       "accept TLS-PSK (HTTPS) and DTLS-PSK (CoAPS) with the keys of tls.pskStore "
                       "(TS-0003 8.2.2)"),
               stringKey("tls.pskStore", &Config::tls_psk_store, "",
                         "PSK key store, mode 0600: lines 'identity originator hexkey'; empty: "
                         "<storage.path>/psk.keys"),
           }},
          {"Secret-bearing files",
           "tls.privateKey, mqtt.privateKey, mqtt.passwordFile, tls.pskStore, esprim.keyFile, "
           "token.issuers "
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
