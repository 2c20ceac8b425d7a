"""KMS through motoc-server with boto3: real cryptography checked by the openssl CLI in both
directions, authenticated encryption contexts, rotation, key states and their errors."""
import base64
import hashlib
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

ACCOUNT = "123456789012"


def openssl(*args, stdin=None):
    return subprocess.run(["openssl", *args], input=stdin, capture_output=True, check=False)


class KmsTest(ServerTestCase):
    def kms(self, region="us-east-1"):
        return boto3.client("kms", endpoint_url=self.server.url, region_name=region,
                            config=Config(retries={"max_attempts": 1}))

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as ctx:
            call(**kwargs)
        return ctx.exception.response["Error"]

    def write(self, directory, name, data):
        path = os.path.join(directory, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def test_signature_verifies_with_openssl(self):
        kms = self.kms()
        for spec, algorithm, digest in [("RSA_2048", "RSASSA_PSS_SHA_256", "sha256"),
                                        ("RSA_3072", "RSASSA_PKCS1_V1_5_SHA_384", "sha384"),
                                        ("ECC_NIST_P256", "ECDSA_SHA_256", "sha256"),
                                        ("ECC_NIST_P521", "ECDSA_SHA_512", "sha512")]:
            key_id = kms.create_key(KeySpec=spec, KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
            der = kms.get_public_key(KeyId=key_id)["PublicKey"]
            message = b"signed inside motoc, checked outside " + spec.encode()
            signature = kms.sign(KeyId=key_id, Message=message,
                                 SigningAlgorithm=algorithm)["Signature"]
            with tempfile.TemporaryDirectory() as d:
                pub = self.write(d, "pub.der", der)
                sig = self.write(d, "sig.bin", signature)
                msg = self.write(d, "msg.bin", message)
                args = ["dgst", f"-{digest}", "-keyform", "DER", "-verify", pub,
                        "-signature", sig]
                if "PSS" in algorithm:
                    args += ["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:-1"]
                done = openssl(*args, msg)
                self.assertEqual(done.returncode, 0, (spec, done.stderr))
                # the same signature over another message does not verify
                other = self.write(d, "other.bin", message + b"!")
                self.assertNotEqual(openssl(*args[:-1], other).returncode, 0)

    def test_digest_signature_verifies_as_digest_and_with_openssl(self):
        kms = self.kms()
        key_id = kms.create_key(KeySpec="ECC_NIST_P384",
                                KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
        message = b"hashed by the caller"
        digest = hashlib.sha384(message).digest()
        signature = kms.sign(KeyId=key_id, Message=digest, MessageType="DIGEST",
                             SigningAlgorithm="ECDSA_SHA_384")["Signature"]
        # a DIGEST signature is one over the message the digest was made of
        self.assertTrue(kms.verify(KeyId=key_id, Message=message, Signature=signature,
                                   SigningAlgorithm="ECDSA_SHA_384")["SignatureValid"])
        self.assertTrue(kms.verify(KeyId=key_id, Message=digest, MessageType="DIGEST",
                                   Signature=signature,
                                   SigningAlgorithm="ECDSA_SHA_384")["SignatureValid"])
        err = self.error(kms.verify, KeyId=key_id, Message=b"something else",
                         Signature=signature, SigningAlgorithm="ECDSA_SHA_384")
        self.assertEqual(err["Code"], "KMSInvalidSignatureException")
        err = self.error(kms.sign, KeyId=key_id, Message=digest[:32], MessageType="DIGEST",
                         SigningAlgorithm="ECDSA_SHA_384")
        self.assertEqual(err["Code"], "ValidationException")
        self.assertEqual(err["Message"], "Digest is invalid length for algorithm ECDSA_SHA_384.")
        # blobs are not repeated in validation messages
        err = self.error(kms.sign, KeyId=key_id, Message=b"", SigningAlgorithm="ECDSA_SHA_384")
        self.assertEqual(err["Message"], "1 validation error detected: Value at 'message' failed "
                         "to satisfy constraint: Member must have length greater than or equal "
                         "to 1")

    def test_data_encrypted_by_openssl_decrypts_inside(self):
        kms = self.kms()
        key_id = kms.create_key(KeySpec="RSA_2048",
                                KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]["KeyId"]
        der = kms.get_public_key(KeyId=key_id)["PublicKey"]
        for algorithm, digest in [("RSAES_OAEP_SHA_256", "sha256"), ("RSAES_OAEP_SHA_1", "sha1")]:
            with tempfile.TemporaryDirectory() as d:
                pub = self.write(d, "pub.der", der)
                done = openssl("pkeyutl", "-encrypt", "-pubin", "-keyform", "DER", "-inkey", pub,
                               "-pkeyopt", "rsa_padding_mode:oaep",
                               "-pkeyopt", f"rsa_oaep_md:{digest}",
                               "-pkeyopt", f"rsa_mgf1_md:{digest}", stdin=b"outside secret")
                self.assertEqual(done.returncode, 0, done.stderr)
            plain = kms.decrypt(KeyId=key_id, CiphertextBlob=done.stdout,
                                EncryptionAlgorithm=algorithm)
            self.assertEqual(plain["Plaintext"], b"outside secret")
            self.assertEqual(plain["EncryptionAlgorithm"], algorithm)
        # and the other way round: motoc's OAEP ciphertext, checked by its own decrypt
        blob = kms.encrypt(KeyId=key_id, Plaintext=b"inside",
                           EncryptionAlgorithm="RSAES_OAEP_SHA_256")["CiphertextBlob"]
        self.assertEqual(len(blob), 256)
        self.assertEqual(kms.decrypt(KeyId=key_id, CiphertextBlob=blob,
                                     EncryptionAlgorithm="RSAES_OAEP_SHA_256")["Plaintext"],
                         b"inside")

    def test_encryption_context_is_authenticated(self):
        kms = self.kms()
        key = kms.create_key()["KeyMetadata"]
        blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"payload",
                           EncryptionContext={"tenant": "a", "purpose": "test"})["CiphertextBlob"]
        out = kms.decrypt(CiphertextBlob=blob,
                          EncryptionContext={"purpose": "test", "tenant": "a"})
        self.assertEqual(out["Plaintext"], b"payload")
        self.assertEqual(out["KeyId"], key["Arn"])
        for context in [{"tenant": "b", "purpose": "test"}, {"tenant": "a"}, {}]:
            err = self.error(kms.decrypt, CiphertextBlob=blob, EncryptionContext=context)
            self.assertEqual(err["Code"], "InvalidCiphertextException")
        tampered = bytearray(blob)
        tampered[-1] ^= 1
        err = self.error(kms.decrypt, CiphertextBlob=bytes(tampered),
                         EncryptionContext={"tenant": "a", "purpose": "test"})
        self.assertEqual(err["Code"], "InvalidCiphertextException")
        other = kms.create_key()["KeyMetadata"]["KeyId"]
        err = self.error(kms.decrypt, CiphertextBlob=blob, KeyId=other,
                         EncryptionContext={"tenant": "a", "purpose": "test"})
        self.assertEqual(err["Code"], "IncorrectKeyException")

    def test_rotated_key_still_decrypts_old_ciphertexts(self):
        kms = self.kms()
        key_id = kms.create_key()["KeyMetadata"]["KeyId"]
        old = kms.encrypt(KeyId=key_id, Plaintext=b"before")["CiphertextBlob"]
        kms.rotate_key_on_demand(KeyId=key_id)
        new = kms.encrypt(KeyId=key_id, Plaintext=b"after")["CiphertextBlob"]
        self.assertEqual(kms.decrypt(CiphertextBlob=old)["Plaintext"], b"before")
        self.assertEqual(kms.decrypt(CiphertextBlob=new)["Plaintext"], b"after")
        rotations = kms.list_key_rotations(KeyId=key_id)["Rotations"]
        self.assertEqual([r["RotationType"] for r in rotations], ["ON_DEMAND"])
        re = kms.re_encrypt(CiphertextBlob=old, DestinationKeyId=key_id)
        self.assertEqual(kms.decrypt(CiphertextBlob=re["CiphertextBlob"])["Plaintext"], b"before")

    def test_disabled_and_pending_deletion_errors(self):
        kms = self.kms()
        key = kms.create_key()["KeyMetadata"]
        blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
        kms.disable_key(KeyId=key["KeyId"])
        err = self.error(kms.encrypt, KeyId=key["KeyId"], Plaintext=b"x")
        self.assertEqual(err["Code"], "DisabledException")
        self.assertEqual(err["Message"], f"{key['Arn']} is disabled.")
        err = self.error(kms.decrypt, CiphertextBlob=blob)
        self.assertEqual(err["Code"], "DisabledException")
        kms.enable_key(KeyId=key["KeyId"])
        deletion = kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
        self.assertEqual(deletion["KeyId"], key["Arn"])
        self.assertEqual(deletion["PendingWindowInDays"], 7)
        for call, kwargs in [(kms.encrypt, {"KeyId": key["KeyId"], "Plaintext": b"x"}),
                             (kms.decrypt, {"CiphertextBlob": blob}),
                             (kms.enable_key, {"KeyId": key["KeyId"]})]:
            err = self.error(call, **kwargs)
            self.assertEqual(err["Code"], "KMSInvalidStateException")
            self.assertEqual(err["Message"], f"{key['Arn']} is pending deletion.")
        meta = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
        self.assertEqual(meta["KeyState"], "PendingDeletion")
        self.assertEqual(meta["PendingDeletionWindowInDays"], 7)
        err = self.error(kms.schedule_key_deletion, KeyId=key["KeyId"], PendingWindowInDays=6)
        self.assertEqual(err["Code"], "ValidationException")
        kms.cancel_key_deletion(KeyId=key["KeyId"])
        self.assertEqual(kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"],
                         "Disabled")
        err = self.error(kms.describe_key, KeyId=f"{key['KeyId'][:-1]}0"
                         if not key["KeyId"].endswith("0") else f"{key['KeyId'][:-1]}1")
        self.assertEqual(err["Code"], "NotFoundException")

    def test_key_usage_is_enforced(self):
        kms = self.kms()
        signing = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
        err = self.error(kms.encrypt, KeyId=signing["KeyId"], Plaintext=b"x",
                         EncryptionAlgorithm="RSAES_OAEP_SHA_256")
        self.assertEqual(err["Code"], "InvalidKeyUsageException")
        hmac = kms.create_key(KeySpec="HMAC_256",
                              KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]["KeyId"]
        mac = kms.generate_mac(KeyId=hmac, Message=b"m", MacAlgorithm="HMAC_SHA_256")["Mac"]
        self.assertTrue(kms.verify_mac(KeyId=hmac, Message=b"m", Mac=mac,
                                       MacAlgorithm="HMAC_SHA_256")["MacValid"])
        err = self.error(kms.verify_mac, KeyId=hmac, Message=b"n", Mac=mac,
                         MacAlgorithm="HMAC_SHA_256")
        self.assertEqual(err["Code"], "KMSInvalidMacException")
        err = self.error(kms.generate_data_key, KeyId=hmac, NumberOfBytes=32)
        self.assertEqual(err["Code"], "InvalidKeyUsageException")

    def test_aliases_and_the_reserved_prefix(self):
        kms = self.kms("eu-west-1")
        key_id = kms.create_key(Description="aliased")["KeyMetadata"]["KeyId"]
        kms.create_alias(AliasName="alias/app", TargetKeyId=key_id)
        by_alias = kms.describe_key(KeyId="alias/app")["KeyMetadata"]
        self.assertEqual(by_alias["KeyId"], key_id)
        alias_arn = f"arn:aws:kms:eu-west-1:{ACCOUNT}:alias/app"
        self.assertEqual(kms.describe_key(KeyId=alias_arn)["KeyMetadata"]["KeyId"], key_id)
        err = self.error(kms.create_alias, AliasName="alias/aws/mine", TargetKeyId=key_id)
        self.assertEqual(err["Code"], "NotAuthorizedException")
        err = self.error(kms.create_alias, AliasName="alias/app", TargetKeyId=key_id)
        self.assertEqual(err["Code"], "AlreadyExistsException")
        managed = kms.describe_key(KeyId="alias/aws/s3")["KeyMetadata"]
        self.assertEqual(managed["KeyManager"], "AWS")
        self.assertEqual(kms.describe_key(KeyId="alias/aws/s3")["KeyMetadata"]["KeyId"],
                         managed["KeyId"])
        kms.delete_alias(AliasName="alias/app")
        err = self.error(kms.describe_key, KeyId="alias/app")
        self.assertEqual(err["Message"], f"Alias {alias_arn} is not found.")

    def test_default_key_policy(self):
        kms = self.kms()
        key_id = kms.create_key()["KeyMetadata"]["KeyId"]
        policy = kms.get_key_policy(KeyId=key_id)["Policy"]
        self.assertIn(f'"AWS" : "arn:aws:iam::{ACCOUNT}:root"', policy)
        self.assertIn('"Action" : "kms:*"', policy)

    def test_data_key_pair_private_key_matches_public_key(self):
        kms = self.kms()
        key_id = kms.create_key()["KeyMetadata"]["KeyId"]
        pair = kms.generate_data_key_pair(KeyId=key_id, KeyPairSpec="ECC_NIST_P256",
                                          EncryptionContext={"k": "v"})
        private = kms.decrypt(CiphertextBlob=pair["PrivateKeyCiphertextBlob"],
                              EncryptionContext={"k": "v"})["Plaintext"]
        self.assertEqual(private, pair["PrivateKeyPlaintext"])
        with tempfile.TemporaryDirectory() as d:
            path = self.write(d, "key.der", private)
            done = openssl("pkey", "-inform", "DER", "-in", path, "-pubout", "-outform", "DER")
        self.assertEqual(done.stdout, pair["PublicKey"])

    def test_multi_region_replica_decrypts_the_primary_ciphertext(self):
        primary = self.kms("us-east-1")
        key = primary.create_key(MultiRegion=True)["KeyMetadata"]
        self.assertTrue(key["KeyId"].startswith("mrk-"))
        blob = primary.encrypt(KeyId=key["KeyId"], Plaintext=b"everywhere")["CiphertextBlob"]
        replica = primary.replicate_key(KeyId=key["KeyId"], ReplicaRegion="eu-central-1")
        self.assertEqual(replica["ReplicaKeyMetadata"]["MultiRegionConfiguration"]
                         ["MultiRegionKeyType"], "REPLICA")
        west = self.kms("eu-central-1")
        self.assertEqual(west.decrypt(CiphertextBlob=blob)["Plaintext"], b"everywhere")
        config = primary.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["MultiRegionConfiguration"]
        self.assertEqual([r["Region"] for r in config["ReplicaKeys"]], ["eu-central-1"])

    def test_imported_key_material(self):
        kms = self.kms()
        key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
        self.assertEqual(key["KeyState"], "PendingImport")
        err = self.error(kms.encrypt, KeyId=key["KeyId"], Plaintext=b"x")
        self.assertEqual(err["Code"], "KMSInvalidStateException")
        self.assertEqual(err["Message"], f"{key['Arn']} is pending import.")
        material = os.urandom(32)

        def import_material():
            params = kms.get_parameters_for_import(KeyId=key["KeyId"],
                                                   WrappingAlgorithm="RSAES_OAEP_SHA_256",
                                                   WrappingKeySpec="RSA_2048")
            with tempfile.TemporaryDirectory() as d:
                pub = self.write(d, "wrap.der", params["PublicKey"])
                done = openssl("pkeyutl", "-encrypt", "-pubin", "-keyform", "DER", "-inkey", pub,
                               "-pkeyopt", "rsa_padding_mode:oaep",
                               "-pkeyopt", "rsa_oaep_md:sha256",
                               "-pkeyopt", "rsa_mgf1_md:sha256", stdin=material)
            kms.import_key_material(KeyId=key["KeyId"], ImportToken=params["ImportToken"],
                                    EncryptedKeyMaterial=done.stdout,
                                    ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")

        import_material()
        meta = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
        self.assertEqual((meta["KeyState"], meta["Origin"], meta["ExpirationModel"]),
                         ("Enabled", "EXTERNAL", "KEY_MATERIAL_DOES_NOT_EXPIRE"))
        blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"imported")["CiphertextBlob"]
        kms.delete_imported_key_material(KeyId=key["KeyId"])
        err = self.error(kms.decrypt, CiphertextBlob=blob)
        self.assertEqual(err["Code"], "KMSInvalidStateException")
        import_material()
        self.assertEqual(kms.decrypt(CiphertextBlob=blob)["Plaintext"], b"imported")
        native = kms.create_key()["KeyMetadata"]["KeyId"]
        err = self.error(kms.get_parameters_for_import, KeyId=native,
                         WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048")
        self.assertEqual(err["Code"], "UnsupportedOperationException")

    def test_grants(self):
        kms = self.kms()
        key = kms.create_key()["KeyMetadata"]
        grantee = f"arn:aws:iam::{ACCOUNT}:role/reader"
        retiring = f"arn:aws:iam::{ACCOUNT}:role/admin"
        grant = kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=grantee,
                                 RetiringPrincipal=retiring, Operations=["Decrypt", "Encrypt"],
                                 Name="readers")
        again = kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=grantee,
                                 RetiringPrincipal=retiring, Operations=["Decrypt", "Encrypt"],
                                 Name="readers")
        self.assertEqual(again["GrantId"], grant["GrantId"])
        listed = kms.list_grants(KeyId=key["KeyId"])["Grants"]
        self.assertEqual([(g["GrantId"], g["KeyId"], g["Operations"]) for g in listed],
                         [(grant["GrantId"], key["Arn"], ["Decrypt", "Encrypt"])])
        self.assertEqual(len(kms.list_retirable_grants(RetiringPrincipal=retiring)["Grants"]), 1)
        # grant tokens are accepted by the operations that take them
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x", GrantTokens=[grant["GrantToken"]])
        kms.retire_grant(GrantToken=grant["GrantToken"])
        self.assertEqual(kms.list_grants(KeyId=key["KeyId"])["Grants"], [])
        other = kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=grantee,
                                 Operations=["Decrypt"])
        kms.revoke_grant(KeyId=key["KeyId"], GrantId=other["GrantId"])
        err = self.error(kms.revoke_grant, KeyId=key["KeyId"], GrantId=other["GrantId"])
        self.assertEqual(err["Code"], "NotFoundException")

    def test_key_policy_explicit_deny(self):
        kms = self.kms()
        deny = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", '
                '"Action": "kms:Describe*", "Resource": "*"}, {"Effect": "Allow", '
                f'"Principal": {{"AWS": "arn:aws:iam::{ACCOUNT}:root"}}, "Action": "kms:*", '
                '"Resource": "*"}]}')
        key_id = kms.create_key(Policy=deny)["KeyMetadata"]["KeyId"]
        err = self.error(kms.describe_key, KeyId=key_id)
        self.assertEqual(err["Code"], "AccessDeniedException")
        kms.encrypt(KeyId=key_id, Plaintext=b"allowed")
        self.assertEqual(kms.get_key_policy(KeyId=key_id)["Policy"], deny)

    def test_list_keys_and_aliases_pages(self):
        kms = self.kms("ap-south-1")
        ids = [kms.create_key()["KeyMetadata"]["KeyId"] for _ in range(3)]
        for n, key_id in enumerate(ids):
            kms.create_alias(AliasName=f"alias/page-{n}", TargetKeyId=key_id)
        first = kms.list_keys(Limit=2)
        self.assertTrue(first["Truncated"])
        rest = kms.list_keys(Limit=2, Marker=first["NextMarker"])
        self.assertFalse(rest["Truncated"])
        self.assertEqual([k["KeyId"] for k in first["Keys"] + rest["Keys"]], ids)
        err = self.error(kms.list_keys, Marker="not-a-marker")
        self.assertEqual(err["Code"], "InvalidMarkerException")
        names, marker = [], None
        while True:
            page = kms.list_aliases(Limit=5, **({"Marker": marker} if marker else {}))
            names += [a["AliasName"] for a in page["Aliases"]]
            if not page["Truncated"]:
                break
            marker = page["NextMarker"]
        self.assertEqual(names[:3], ["alias/page-0", "alias/page-1", "alias/page-2"])
        # the predefined AWS aliases are listed before their keys exist, without a target
        self.assertIn("alias/aws/s3", names)
        by_key = kms.list_aliases(KeyId=ids[1])["Aliases"]
        self.assertEqual([(a["AliasName"], a["TargetKeyId"]) for a in by_key],
                         [("alias/page-1", ids[1])])

    def test_last_usage_and_no_custom_key_stores(self):
        kms = self.kms()
        key = kms.create_key()["KeyMetadata"]
        self.assertNotIn("KeyLastUsage", kms.get_key_last_usage(KeyId=key["KeyId"]))
        kms.generate_data_key(KeyId=key["KeyId"], KeySpec="AES_128")
        usage = kms.get_key_last_usage(KeyId=key["KeyId"])["KeyLastUsage"]
        self.assertEqual(usage["Operation"], "GenerateDataKey")
        self.assertEqual(kms.describe_custom_key_stores()["CustomKeyStores"], [])

    def test_tags(self):
        kms = self.kms()
        key = kms.create_key(Tags=[{"TagKey": "a", "TagValue": "1"}])["KeyMetadata"]
        kms.tag_resource(KeyId=key["Arn"], Tags=[{"TagKey": "b", "TagValue": "2"},
                                                 {"TagKey": "a", "TagValue": "3"}])
        tags = kms.list_resource_tags(KeyId=key["KeyId"])["Tags"]
        self.assertEqual(tags, [{"TagKey": "a", "TagValue": "3"}, {"TagKey": "b", "TagValue": "2"}])
        kms.untag_resource(KeyId=key["KeyId"], TagKeys=["a"])
        self.assertEqual(kms.list_resource_tags(KeyId=key["KeyId"])["Tags"],
                         [{"TagKey": "b", "TagValue": "2"}])
        err = self.error(kms.tag_resource, KeyId=key["KeyId"],
                         Tags=[{"TagKey": "aws:reserved", "TagValue": "x"}])
        self.assertEqual(err["Code"], "TagException")

    def test_import_with_rsa_aes_key_wrap_for_an_hmac_key(self):
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding
        from cryptography.hazmat.primitives.keywrap import aes_key_wrap_with_padding
        kms = self.kms()
        key_id = kms.create_key(Origin="EXTERNAL", KeySpec="HMAC_256",
                                KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]["KeyId"]
        params = kms.get_parameters_for_import(KeyId=key_id,
                                               WrappingAlgorithm="RSA_AES_KEY_WRAP_SHA_256",
                                               WrappingKeySpec="RSA_3072")
        public = serialization.load_der_public_key(params["PublicKey"])
        material, aes_key = os.urandom(32), os.urandom(32)
        oaep = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(),
                            label=None)
        wrapped = public.encrypt(aes_key, oaep) + aes_key_wrap_with_padding(aes_key, material)
        kms.import_key_material(KeyId=key_id, ImportToken=params["ImportToken"],
                                EncryptedKeyMaterial=wrapped,
                                ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
        mac = kms.generate_mac(KeyId=key_id, Message=b"m", MacAlgorithm="HMAC_SHA_256")["Mac"]
        import hmac
        self.assertEqual(mac, hmac.new(material, b"m", "sha256").digest())

    def test_another_account_needs_the_key_policy_to_allow_it(self):
        other = "111122223333"
        sts = boto3.client("sts", endpoint_url=self.server.url, region_name="us-east-1")
        creds = sts.assume_role(RoleArn=f"arn:aws:iam::{other}:role/Consumer",
                                RoleSessionName="consumer")["Credentials"]
        theirs = boto3.client("kms", endpoint_url=self.server.url, region_name="us-east-1",
                              aws_access_key_id=creds["AccessKeyId"],
                              aws_secret_access_key=creds["SecretAccessKey"],
                              aws_session_token=creds["SessionToken"])
        kms = self.kms()
        private = kms.create_key()["KeyMetadata"]["Arn"]
        err = self.error(theirs.encrypt, KeyId=private, Plaintext=b"x")
        self.assertEqual(err["Code"], "AccessDeniedException")
        shared_policy = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
                         f'"Principal": {{"AWS": "arn:aws:iam::{other}:root"}}, '
                         '"Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*"}]}')
        shared = kms.create_key(Policy=shared_policy)["KeyMetadata"]["Arn"]
        blob = theirs.encrypt(KeyId=shared, Plaintext=b"x")["CiphertextBlob"]
        self.assertEqual(theirs.decrypt(KeyId=shared, CiphertextBlob=blob)["Plaintext"], b"x")
        self.assertEqual(kms.decrypt(CiphertextBlob=blob)["Plaintext"], b"x")
        err = self.error(theirs.describe_key, KeyId=shared)
        self.assertEqual(err["Code"], "AccessDeniedException")

    def test_ed25519_signature_verifies_with_openssl(self):
        kms = self.kms()
        key_id = kms.create_key(KeySpec="ECC_NIST_EDWARDS25519",
                                KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
        message = b"edwards"
        signature = kms.sign(KeyId=key_id, Message=message,
                             SigningAlgorithm="ED25519_SHA_512")["Signature"]
        with tempfile.TemporaryDirectory() as d:
            pub = self.write(d, "pub.der", kms.get_public_key(KeyId=key_id)["PublicKey"])
            sig = self.write(d, "sig.bin", signature)
            msg = self.write(d, "msg.bin", message)
            done = openssl("pkeyutl", "-verify", "-pubin", "-keyform", "DER", "-inkey", pub,
                           "-rawin", "-in", msg, "-sigfile", sig)
        self.assertEqual(done.returncode, 0, done.stderr)

    def test_derive_shared_secret_matches_the_peer(self):
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        kms = self.kms()
        key_id = kms.create_key(KeySpec="ECC_NIST_P384",
                                KeyUsage="KEY_AGREEMENT")["KeyMetadata"]["KeyId"]
        peer = ec.generate_private_key(ec.SECP384R1())
        peer_der = peer.public_key().public_bytes(serialization.Encoding.DER,
                                                  serialization.PublicFormat.SubjectPublicKeyInfo)
        secret = kms.derive_shared_secret(KeyId=key_id, KeyAgreementAlgorithm="ECDH",
                                          PublicKey=peer_der)["SharedSecret"]
        ours = serialization.load_der_public_key(kms.get_public_key(KeyId=key_id)["PublicKey"])
        self.assertEqual(secret, peer.exchange(ec.ECDH(), ours))
        err = self.error(kms.sign, KeyId=key_id, Message=b"m", SigningAlgorithm="ECDSA_SHA_384")
        self.assertEqual(err["Code"], "ValidationException")


if __name__ == "__main__":
    run_tests()
