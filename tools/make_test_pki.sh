#!/usr/bin/env bash
# Makes a test PKI for Citadel's TLS (TS-0003 certificate-based security): a CA, a certificate
# for the CSE, and AE-ID certificates whose subjectAltName URI is the Absolute AE-ID
# (TS-0003 §8.1.2.4), all EC P-256, with openssl. For trying TLS and for the tests, not for
# production keys.
#
#   tools/make_test_pki.sh <dir> [--spid=citadel.example.com] [--cse-id=id-in] [--days=365]
#                          [--other-cse=CSE-ID ...] [--psk=IDENTITY:ORIGINATOR ...]
#                          [AE-ID[:expired] ...]
#
# writes <dir>/ca.pem, <dir>/ca.key, <dir>/cse.pem, <dir>/cse.key and per AE <AE-ID>.pem and
# <AE-ID>.key (":expired": valid only during 2020-01-01). Each --other-cse adds the CSE-ID
# certificate of another CSE of the same SP and CA, <CSE-ID>.pem and <CSE-ID>.key (an MN-CSE
# registering with this one over TLS: --tls.certificate=<dir>/id-mn.pem on that CSE). Each --psk adds a random 32-byte key
# for IDENTITY, bound to ORIGINATOR (an AE-ID such as Cae1), to the key store <dir>/psk.keys
# (mode 0600; copy it to <storage.path>/psk.keys or point tls.pskStore at it) and writes the
# key as hex to <dir>/IDENTITY.psk for the client. Then:
#   build/bin/citadel --https.enabled=true --tls.certificate=<dir>/cse.pem \
#     --tls.privateKey=<dir>/cse.key --tls.caFile=<dir>/ca.pem --tls.clientAuth=required
#   curl --cacert <dir>/ca.pem --cert <dir>/Cae1.pem --key <dir>/Cae1.key https://127.0.0.1:8443/...
# and with PSK (--tls.psk=true --tls.pskStore=<dir>/psk.keys; TLS 1.2 PSK or TLS 1.3):
#   openssl s_client -connect 127.0.0.1:8443 -psk_identity ae1-key -psk $(cat <dir>/ae1-key.psk)
#   coap-client-openssl -u ae1-key -k $(cat <dir>/ae1-key.psk.txt) coaps://127.0.0.1:5684/...
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,26p' "$0" >&2; exit 2; }
dir=$1
shift
spid=citadel.example.com
cse_id=id-in
days=365
aes=()
psks=()
other_cses=()
for arg in "$@"; do
  case "$arg" in
    --psk=*:*) psks+=("${arg#--psk=}") ;;
    --spid=*) spid=${arg#--spid=} ;;
    --cse-id=*) cse_id=${arg#--cse-id=} ;;
    --other-cse=*) other_cses+=("${arg#--other-cse=}") ;;
    --days=*) days=${arg#--days=} ;;
    --*) echo "make_test_pki: unknown option $arg" >&2; exit 2 ;;
    *) aes+=("$arg") ;;
  esac
done
mkdir -p "$dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
umask 077  # private keys readable by the owner only

# A minimal `openssl ca` set-up: it alone can set explicit validity dates (expired test certs).
mkdir -p "$work/new"
: >"$work/index.txt"
echo 01 >"$work/serial"
cat >"$work/ca.cnf" <<CNF
[ca]
default_ca = test_ca
[test_ca]
dir = $work
database = $work/index.txt
new_certs_dir = $work/new
serial = $work/serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[anything]
commonName = supplied
CNF

openssl ecparam -name prime256v1 -genkey -noout -out "$dir/ca.key"
openssl req -x509 -new -key "$dir/ca.key" -sha256 -days "$days" -subj "/CN=Citadel test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out "$dir/ca.pem" 2>/dev/null

# issue <name> <CN> <subjectAltName> [startdate enddate]
issue() {
  local name=$1 cn=$2 san=$3 start=${4:-} end=${5:-}
  openssl ecparam -name prime256v1 -genkey -noout -out "$dir/$name.key"
  openssl req -new -key "$dir/$name.key" -subj "/CN=$cn" -out "$work/$name.csr" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=%s\n' \
    "$san" >"$work/$name.ext"
  local validity=(-days "$days")
  [ -z "$start" ] || validity=(-startdate "$start" -enddate "$end")
  openssl ca -batch -config "$work/ca.cnf" -cert "$dir/ca.pem" -keyfile "$dir/ca.key" \
    -extfile "$work/$name.ext" "${validity[@]}" -in "$work/$name.csr" -out "$dir/$name.pem" \
    -notext 2>/dev/null
}

issue cse "$cse_id" "DNS:localhost,IP:127.0.0.1,IP:::1,URI://$spid/$cse_id"
for other in "${other_cses[@]}"; do
  issue "$other" "$other" "DNS:localhost,IP:127.0.0.1,IP:::1,URI://$spid/$other"
done
for ae in "${aes[@]}"; do
  id=${ae%%:*}
  case "$id" in
    S*) absolute="//$spid/$id" ;;
    *) absolute="//$spid/$cse_id/$id" ;;
  esac
  if [ "$ae" = "$id:expired" ]; then
    issue "$id" "$id" "URI:$absolute" 20200101000000Z 20200102000000Z
  else
    issue "$id" "$id" "URI:$absolute"
  fi
done
if [ ${#psks[@]} -gt 0 ]; then
  : >"$dir/psk.keys"
  chmod 600 "$dir/psk.keys"
  echo "# PSK identity, originator, key (hex). Made by tools/make_test_pki.sh; test keys only." \
    >>"$dir/psk.keys"
  for entry in "${psks[@]}"; do
    identity=${entry%%:*}
    originator=${entry#*:}
    # Printable key bytes (hex of random bytes, read as text) so that clients taking the key
    # as text (coap-client -k) and as hex (openssl -psk) can both use it.
    text=$(openssl rand -hex 16)
    key=$(printf '%s' "$text" | od -An -tx1 | tr -d ' \n')
    echo "$identity $originator $key" >>"$dir/psk.keys"
    printf '%s\n' "$key" >"$dir/$identity.psk"
    printf '%s\n' "$text" >"$dir/$identity.psk.txt"
  done
fi
echo "make_test_pki: CA, CSE, ${#aes[@]} AE certificate(s) and ${#psks[@]} PSK(s) in $dir"
