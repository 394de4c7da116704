#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Test exec credential plugin: answers with a client certificate and key (placeholder PEM
# blocks, not real key material), or only one of them when PART is "cert" or "key".
set -eu

cert='-----BEGIN CERTIFICATE-----\nTUlOQVRPLVRFU1QtQ0VSVElGSUNBVEUtUExBQ0VIT0xERVI=\n-----END CERTIFICATE-----\n'
key='-----BEGIN PRIVATE KEY-----\nTUlOQVRPLVRFU1QtS0VZLVBMQUNFSE9MREVSLU5PVC1BLUtFWQ==\n-----END PRIVATE KEY-----\n'
case "${PART:-both}" in
    cert) status="\"clientCertificateData\":\"$cert\"" ;;
    key) status="\"clientKeyData\":\"$key\"" ;;
    *) status="\"clientCertificateData\":\"$cert\",\"clientKeyData\":\"$key\"" ;;
esac
printf '{"apiVersion":"%s","kind":"ExecCredential","status":{%s}}\n' \
    "${API_VERSION:-client.authentication.k8s.io/v1}" "$status"
