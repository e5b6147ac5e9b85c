#!/bin/sh
# Checks a Tessera inclusion proof (tessera activity prove ID --out proof.json) with nothing
# but jq, sha256sum, base64, xxd and openssl, and the verifier key the Owner gave you:
#   sh verify-proof.sh proof.json 'tessera.local/activity/…+1a2b3c4d+AbCd…'
# Without the second argument the key inside the proof is used: compare its fingerprint
# (SHA256: base64 of SHA-256 of the 32-byte key) with the one Tessera's Settings shows.
set -eu
P=$1
KEY=${2:-$(jq -r .verifierKey "$P")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. The leaf hash (RFC 9162 2.1.1): SHA-256 of one 0x00 byte and the entry's canonical
#    content, the JSON array in "leafData", which must equal the fields of "entry".
[ "$(jq -c '.entry | [.id, .organization_id, .ts, .kind, .actor_id, .actor_email, .token_id,
  .ip, .user_agent, .method, .url, .status, .duration_ms, .project_id, .workspace_id, .action,
  .target_user_id, .details]' "$P")" = "$(jq -r .leafData "$P" | jq -c .)" ] ||
  { echo "leafData is not the entry's content"; exit 1; }
r=$( { printf '\000'; jq -j .leafData "$P"; } | sha256sum | cut -c1-64)

# 2. Up the audit path (RFC 9162 2.1.3.2), fn = leaf index, sn = tree size - 1.
fn=$(jq .leafIndex "$P")
sn=$(($(jq .treeSize "$P") - 1))
for p in $(jq -r '.auditPath[]' "$P"); do
  [ "$sn" -ne 0 ] || { echo "audit path too long"; exit 1; }
  ph=$(printf %s "$p" | base64 -d | xxd -p -c 32)
  if [ $((fn % 2)) -eq 1 ] || [ "$fn" -eq "$sn" ]; then
    r=$(printf '01%s%s' "$ph" "$r" | xxd -r -p | sha256sum | cut -c1-64)
    while [ $((fn % 2)) -eq 0 ] && [ "$fn" -ne 0 ]; do fn=$((fn / 2)); sn=$((sn / 2)); done
  else
    r=$(printf '01%s%s' "$r" "$ph" | xxd -r -p | sha256sum | cut -c1-64)
  fi
  fn=$((fn / 2))
  sn=$((sn / 2))
done

# 3. The checkpoint (a C2SP tlog-checkpoint: origin, tree size, base64 root, then lines of
#    its own) must hold that root, that tree size, and the entry at that leaf index.
jq -j .checkpoint "$P" > "$work/note"
root=$(sed -n 3p "$work/note" | base64 -d | xxd -p -c 32)
size=$(sed -n 2p "$work/note")
last=$(sed -n 's/^last-id //p' "$work/note")
[ "$sn" -eq 0 ] && [ "$r" = "$root" ] || { echo "the path does not lead to the checkpoint's root"; exit 1; }
[ "$size" -eq "$(jq .treeSize "$P")" ] || { echo "tree size differs from the checkpoint's"; exit 1; }
[ $(($(jq .entry.id "$P") - $(jq .leafIndex "$P"))) -eq $((last - size + 1)) ] ||
  { echo "the leaf index is not this entry's"; exit 1; }

# 4. The signature (C2SP signed-note): Ed25519 over the text before the blank line, by the
#    key named in the signature line; the signature is the line's base64 after a 4-byte key ID.
name=${KEY%%+*}
sed '/^$/,$d' "$work/note" > "$work/text"
grep "^— $name " "$work/note" | head -n 1 | cut -d' ' -f3 | base64 -d | tail -c 64 > "$work/sig"
{ printf '302a300506032b6570032100' | xxd -r -p; printf %s "$KEY" | cut -d+ -f3- | base64 -d | tail -c 32; } > "$work/pub"
openssl pkeyutl -verify -pubin -keyform DER -inkey "$work/pub" -rawin -in "$work/text" -sigfile "$work/sig" > /dev/null ||
  { echo "the checkpoint is not signed by $name"; exit 1; }
echo "proof verified: entry $(jq .entry.id "$P") is leaf $(jq .leafIndex "$P") of the $size-entry log signed by $name"
