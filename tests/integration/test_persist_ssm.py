"""SSM across a restart of motoc-server --state: parameters with every version, label, tag and
SecureString (still decrypting), documents with their versions and sharing, commands and
maintenance windows."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from persist_fixture import PersistenceTestCase, RoundTrips, client, run_tests  # noqa: E402


def without_metadata(answer):
    answer.pop("ResponseMetadata", None)
    return answer


class SsmPersistence(RoundTrips, PersistenceTestCase):
    def fill(self, server):
        ssm = client(server, "ssm")
        for value in ("v1", "v2", "v3"):
            ssm.put_parameter(Name="/app/mode", Value=value, Type="String", Overwrite=True)
        ssm.label_parameter_version(Name="/app/mode", ParameterVersion=2, Labels=["stable"])
        ssm.put_parameter(Name="/app/secret", Value="hunter2", Type="SecureString",
                          Tags=[{"Key": "team", "Value": "red"}])
        client(server, "ssm", region="eu-west-1").put_parameter(Name="elsewhere", Value="x",
                                                                Type="StringList")
        ssm.create_document(Name="Doc", DocumentType="Command", DocumentFormat="YAML",
                            Content="schemaVersion: '2.2'\nmainSteps: []\n")
        ssm.update_document(Name="Doc", DocumentVersion="$LATEST", DocumentFormat="YAML",
                            Content="schemaVersion: '2.2'\ndescription: two\nmainSteps: []\n")
        ssm.modify_document_permission(Name="Doc", PermissionType="Share",
                                       AccountIdsToAdd=["111122223333"])
        self.command_id = ssm.send_command(
            DocumentName="Doc", InstanceIds=["i-0123456789abcdef0"])["Command"]["CommandId"]
        self.window_id = ssm.create_maintenance_window(
            Name="nightly", Schedule="cron(0 3 * * ? *)", Duration=2, Cutoff=1,
            AllowUnassociatedTargets=True)["WindowId"]

    def observe(self, server):
        ssm = client(server, "ssm")
        return {
            "history": without_metadata(ssm.get_parameter_history(Name="/app/mode")),
            "label": without_metadata(ssm.get_parameter(Name="/app/mode:stable")),
            "secret": without_metadata(ssm.get_parameter(Name="/app/secret",
                                                         WithDecryption=True)),
            "tags": without_metadata(ssm.list_tags_for_resource(ResourceType="Parameter",
                                                                ResourceId="/app/secret")),
            "other region": without_metadata(
                client(server, "ssm", region="eu-west-1").get_parameter(Name="elsewhere")),
            "document": without_metadata(ssm.describe_document(Name="Doc")),
            "versions": without_metadata(ssm.list_document_versions(Name="Doc")),
            "sharing": without_metadata(ssm.describe_document_permission(
                Name="Doc", PermissionType="Share")),
            "commands": without_metadata(ssm.list_commands(CommandId=self.command_id)),
            "window": without_metadata(ssm.get_maintenance_window(WindowId=self.window_id)),
        }

    def test_secure_string_decrypts_after_a_restart(self):
        server = self.start()
        client(server, "ssm").put_parameter(Name="/kept", Value="s3cr3t", Type="SecureString")
        server = self.restart(server)
        got = client(server, "ssm").get_parameter(Name="/kept", WithDecryption=True)
        self.assertEqual(got["Parameter"]["Value"], "s3cr3t")
        self.stop(server)


if __name__ == "__main__":
    run_tests()
