"""KMS across a restart of motoc-server --state: keys keep their material, so ciphertexts and
signatures made before the restart still decrypt and verify after it."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from persist_fixture import PersistenceTestCase, RoundTrips, client, run_tests  # noqa: E402


class KmsPersistence(RoundTrips, PersistenceTestCase):
    def fill(self, server):
        kms = client(server, "kms")
        self.symmetric = kms.create_key(Description="app data",
                                        Tags=[{"TagKey": "team", "TagValue": "a"}])["KeyMetadata"]
        kms.create_alias(AliasName="alias/app", TargetKeyId=self.symmetric["KeyId"])
        self.old_blob = kms.encrypt(KeyId="alias/app", Plaintext=b"before rotation",
                                    EncryptionContext={"k": "v"})["CiphertextBlob"]
        kms.rotate_key_on_demand(KeyId=self.symmetric["KeyId"])
        self.blob = kms.encrypt(KeyId="alias/app", Plaintext=b"after rotation")["CiphertextBlob"]
        self.signing = kms.create_key(KeySpec="ECC_NIST_P256",
                                      KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
        self.signature = kms.sign(KeyId=self.signing, Message=b"m",
                                  SigningAlgorithm="ECDSA_SHA_256")["Signature"]
        disabled = kms.create_key()["KeyMetadata"]["KeyId"]
        kms.disable_key(KeyId=disabled)
        kms.create_grant(KeyId=self.symmetric["KeyId"],
                         GranteePrincipal="arn:aws:iam::123456789012:role/r",
                         Operations=["Decrypt"])

    def observe(self, server):
        kms = client(server, "kms")
        keys = kms.list_keys()["Keys"]
        return {
            "keys": keys,
            "described": [kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"] for k in keys],
            "aliases": kms.list_aliases()["Aliases"],
            "old": kms.decrypt(CiphertextBlob=self.old_blob,
                               EncryptionContext={"k": "v"})["Plaintext"],
            "new": kms.decrypt(CiphertextBlob=self.blob)["Plaintext"],
            "verified": kms.verify(KeyId=self.signing, Message=b"m", Signature=self.signature,
                                   SigningAlgorithm="ECDSA_SHA_256")["SignatureValid"],
            "public key": kms.get_public_key(KeyId=self.signing)["PublicKey"],
            "tags": kms.list_resource_tags(KeyId=self.symmetric["KeyId"])["Tags"],
            "grants": kms.list_grants(KeyId=self.symmetric["KeyId"])["Grants"],
            "rotations": kms.list_key_rotations(KeyId=self.symmetric["KeyId"])["Rotations"],
        }


if __name__ == "__main__":
    run_tests()
