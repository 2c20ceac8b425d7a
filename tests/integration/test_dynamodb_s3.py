"""DynamoDB's table imports from and exports to S3 through motoc-server with boto3: the objects
an import reads from motoc's S3, the layout an export writes there, and the descriptions both
leave behind."""
import gzip
import json
import os
import sys
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

TABLE_PARAMS = {
    "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "N"}],
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
    "BillingMode": "PAY_PER_REQUEST",
}


class ImportExportTestCase(ServerTestCase):
    def setUp(self):
        config = Config(retries={"max_attempts": 1})
        self.ddb = boto3.client("dynamodb", endpoint_url=self.server.url,
                                region_name="eu-west-1", config=config)
        self.s3 = boto3.client("s3", endpoint_url=self.server.url, region_name="us-east-1",
                               config=config)
        self.bucket = "ddb-io-" + uuid.uuid4().hex[:12]
        self.s3.create_bucket(Bucket=self.bucket)

    def use_region(self, region):
        """A region of its own, for listings that must see only this test's work."""
        self.ddb = boto3.client("dynamodb", endpoint_url=self.server.url, region_name=region,
                                config=Config(retries={"max_attempts": 1}))

    def start_import(self, table, **params):
        params.setdefault("InputFormat", "DYNAMODB_JSON")
        params.setdefault("S3BucketSource", {"S3Bucket": self.bucket})
        started = self.ddb.import_table(
            TableCreationParameters={"TableName": table, **TABLE_PARAMS}, **params)
        description = started["ImportTableDescription"]
        self.assertEqual(description["ImportStatus"], "IN_PROGRESS")
        return self.ddb.describe_import(ImportArn=description["ImportArn"])[
            "ImportTableDescription"]

    def ids_in(self, table):
        return sorted(int(i["id"]["N"]) for i in self.ddb.scan(TableName=table)["Items"])


class ImportTest(ImportExportTestCase):
    def test_json_lines_gzip_and_prefix(self):
        lines = "".join(json.dumps({"Item": {"id": {"N": str(n)}, "v": {"S": "x"}}}) + "\n"
                        for n in range(3))
        self.s3.put_object(Bucket=self.bucket, Key="in/a.json.gz",
                           Body=gzip.compress(lines.encode()))
        self.s3.put_object(Bucket=self.bucket, Key="elsewhere.json.gz",
                           Body=gzip.compress(b'{"Item": {"id": {"N": "99"}}}'))
        done = self.start_import("imported", InputCompressionType="GZIP",
                                 S3BucketSource={"S3Bucket": self.bucket, "S3KeyPrefix": "in/"})
        self.assertEqual(done["ImportStatus"], "COMPLETED")
        self.assertEqual((done["ProcessedItemCount"], done["ImportedItemCount"],
                          done["ErrorCount"]), (3, 3, 0))
        self.assertGreater(done["ProcessedSizeBytes"], 0)
        self.assertTrue(done["ImportArn"].startswith(done["TableArn"] + "/import/"))
        self.assertTrue(done["CloudWatchLogGroupArn"].endswith(
            ":log-group:/aws-dynamodb/imports:*"))
        self.assertEqual(self.ids_in("imported"), [0, 1, 2])

    def test_csv_with_header_and_bad_rows(self):
        body = 'id,name\n1,"Smith, J"\n2,plain\nnot-a-number,x\n3,"two\nlines"\n'
        self.s3.put_object(Bucket=self.bucket, Key="people.csv", Body=body.encode())
        done = self.start_import("from_csv", InputFormat="CSV")
        self.assertEqual(done["ImportStatus"], "FAILED")
        self.assertEqual((done["ProcessedItemCount"], done["ImportedItemCount"],
                          done["ErrorCount"]), (4, 3, 1))
        item = self.ddb.get_item(TableName="from_csv", Key={"id": {"N": "1"}})["Item"]
        self.assertEqual(item["name"], {"S": "Smith, J"})
        item = self.ddb.get_item(TableName="from_csv", Key={"id": {"N": "3"}})["Item"]
        self.assertEqual(item["name"], {"S": "two\nlines"})

    def test_csv_header_list_and_delimiter(self):
        self.s3.put_object(Bucket=self.bucket, Key="rows", Body=b"7;seven\n8;eight\n")
        done = self.start_import("from_tsv", InputFormat="CSV", InputFormatOptions={
            "Csv": {"Delimiter": ";", "HeaderList": ["id", "word"]}})
        self.assertEqual(done["ImportStatus"], "COMPLETED")
        self.assertEqual(self.ids_in("from_tsv"), [7, 8])

    def test_missing_bucket_fails_without_table(self):
        done = self.start_import("never_made",
                                 S3BucketSource={"S3Bucket": "no-such-" + self.bucket})
        self.assertEqual(done["ImportStatus"], "FAILED")
        self.assertEqual(done["FailureCode"], "S3NoSuchBucket")
        self.assertIn("does not exist", done["FailureMessage"])
        self.assertNotIn("never_made", self.ddb.list_tables()["TableNames"])

    def test_table_parameters_are_validated(self):
        with self.assertRaises(ClientError) as ctx:
            self.ddb.import_table(
                S3BucketSource={"S3Bucket": self.bucket}, InputFormat="DYNAMODB_JSON",
                TableCreationParameters={**TABLE_PARAMS, "TableName": "bad",
                                         "BillingMode": "PROVISIONED"})
        self.assertEqual(ctx.exception.response["Error"]["Code"], "ValidationException")
        self.assertIn("ReadCapacityUnits and WriteCapacityUnits must both be specified",
                      ctx.exception.response["Error"]["Message"])

    def test_list_imports_pages(self):
        self.use_region("ap-south-1")
        arns = [self.start_import(f"listed{n}")["ImportArn"] for n in range(3)]
        first = self.ddb.list_imports(PageSize=2)
        self.assertEqual([s["ImportArn"] for s in first["ImportSummaryList"]], arns[:2])
        rest = self.ddb.list_imports(PageSize=2, NextToken=first["NextToken"])
        self.assertEqual([s["ImportArn"] for s in rest["ImportSummaryList"]], arns[2:])
        self.assertNotIn("NextToken", rest)
        with self.assertRaises(ClientError) as ctx:
            self.ddb.describe_import(ImportArn=arns[0] + "0")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "ImportNotFoundException")


class ExportTest(ImportExportTestCase):
    def make_table(self, name, with_pitr=True):
        self.ddb.create_table(TableName=name, **TABLE_PARAMS)
        if with_pitr:
            self.ddb.update_continuous_backups(
                TableName=name,
                PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        return self.ddb.describe_table(TableName=name)["Table"]["TableArn"]

    def export(self, arn, **params):
        started = self.ddb.export_table_to_point_in_time(TableArn=arn, **params)
        description = started["ExportDescription"]
        self.assertEqual(description["ExportStatus"], "IN_PROGRESS")
        return self.ddb.describe_export(ExportArn=description["ExportArn"])["ExportDescription"]

    def test_export_layout_and_round_trip(self):
        arn = self.make_table("exported")
        for n in range(4):
            self.ddb.put_item(TableName="exported",
                              Item={"id": {"N": str(n)}, "blob": {"B": b"\x00\x01"}})
        done = self.export(arn, S3Bucket=self.bucket, S3Prefix="snap")
        self.assertEqual(done["ExportStatus"], "COMPLETED")
        self.assertEqual(done["ItemCount"], 4)
        self.assertEqual(done["ExportType"], "FULL_EXPORT")
        export_id = done["ExportArn"].rsplit("/", 1)[1]
        keys = [o["Key"] for o in
                self.s3.list_objects_v2(Bucket=self.bucket, Prefix="snap/")["Contents"]]
        base = f"snap/AWSDynamoDB/{export_id}/"
        self.assertIn("snap/AWSDynamoDB/_started", keys)
        for name in ("manifest-summary.json", "manifest-summary.checksum",
                     "manifest-files.json", "manifest-files.checksum"):
            self.assertIn(base + name, keys)
        self.assertEqual(done["ExportManifest"], base + "manifest-summary.json")
        summary = json.loads(self.s3.get_object(Bucket=self.bucket, Key=base +
                                                "manifest-summary.json")["Body"].read())
        self.assertEqual((summary["exportArn"], summary["itemCount"], summary["outputFormat"]),
                         (done["ExportArn"], 4, "DYNAMODB_JSON"))
        files = self.s3.get_object(Bucket=self.bucket, Key=summary["manifestFilesS3Key"])
        entry = json.loads(files["Body"].read().decode().splitlines()[0])
        data = self.s3.get_object(Bucket=self.bucket, Key=entry["dataFileS3Key"])
        self.assertEqual(data["ETag"], f'"{entry["etag"]}"')
        rows = [json.loads(line) for line in
                gzip.decompress(data["Body"].read()).decode().splitlines()]
        self.assertEqual(len(rows), 4)
        self.assertIn({"Item": {"id": {"N": "2"}, "blob": {"B": "AAE="}}}, rows)

        # What an export writes, an import reads back.
        again = self.start_import("reimported", InputCompressionType="GZIP",
                                  S3BucketSource={"S3Bucket": self.bucket,
                                                  "S3KeyPrefix": base + "data/"})
        self.assertEqual(again["ImportedItemCount"], 4)
        self.assertEqual(self.ids_in("reimported"), [0, 1, 2, 3])

    def test_export_errors(self):
        arn = self.make_table("no_pitr", with_pitr=False)
        with self.assertRaises(ClientError) as ctx:
            self.ddb.export_table_to_point_in_time(TableArn=arn, S3Bucket=self.bucket)
        err = ctx.exception.response["Error"]
        self.assertEqual((err["Code"], err["Message"]),
                         ("PointInTimeRecoveryUnavailableException",
                          "Point in time recovery is not enabled for table 'no_pitr'"))
        missing = arn.replace("no_pitr", "absent")
        with self.assertRaises(ClientError) as ctx:
            self.ddb.export_table_to_point_in_time(TableArn=missing, S3Bucket=self.bucket)
        err = ctx.exception.response["Error"]
        self.assertEqual((err["Code"], err["Message"]),
                         ("TableNotFoundException", f"Table not found: {missing}"))
        arn = self.make_table("to_nowhere")
        done = self.export(arn, S3Bucket="no-such-" + self.bucket)
        self.assertEqual((done["ExportStatus"], done["FailureCode"]),
                         ("FAILED", "S3NoSuchBucket"))

    def test_list_exports_by_table(self):
        self.use_region("ap-south-1")
        first = self.make_table("listed_a")
        second = self.make_table("listed_b")
        a = self.export(first, S3Bucket=self.bucket)["ExportArn"]
        b = self.export(second, S3Bucket=self.bucket)["ExportArn"]
        listed = self.ddb.list_exports(TableArn=first)["ExportSummaries"]
        self.assertEqual(listed, [{"ExportArn": a, "ExportStatus": "COMPLETED",
                                   "ExportType": "FULL_EXPORT"}])
        everything = [s["ExportArn"] for s in self.ddb.list_exports()["ExportSummaries"]]
        self.assertEqual(everything, [a, b])


if __name__ == "__main__":
    run_tests()
