using System;
using Amazon.Runtime;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Credentials;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Credentials
{
    /// <summary>-Credential in its three forms, and the rule that secrets never print.</summary>
    [Trait("Category", "Unit")]
    public sealed class AwsCredentialResolverTests
    {
        private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

        [Fact]
        public void TurnsAnAccessKeyIntoBasicCredentials()
        {
            ImmutableCredentials keys = AwsCredentialResolver.Adapt(new AccessKeyCredential("AKIDEXAMPLE", Secret)).GetCredentials();

            Assert.Equal("AKIDEXAMPLE", keys.AccessKey);
            Assert.Equal(Secret, keys.SecretKey);
            Assert.False(keys.UseToken);
        }

        [Fact]
        public void KeepsTheSessionTokenOfAnAccessKey()
        {
            ImmutableCredentials keys = AwsCredentialResolver.Adapt(new AccessKeyCredential("ASIAEXAMPLE", Secret, "token")).GetCredentials();

            Assert.Equal("token", keys.Token);
        }

        [Fact]
        public void UsesOurSdksCredentialsAsTheyAre()
        {
            var ours = new BasicAWSCredentials("AKIDEXAMPLE", Secret);

            Assert.Same(ours, AwsCredentialResolver.Adapt(ours));
        }

        [Fact]
        public void AsksAForeignCredentialForItsKeysOnEverySigning()
        {
            var foreign = new ForeignSdk.AWSCredentials();

            AWSCredentials adapted = AwsCredentialResolver.Adapt(foreign);
            ImmutableCredentials first = adapted.GetCredentials();
            ImmutableCredentials second = adapted.GetCredentials();

            Assert.Equal("ASIAFOREIGN1", first.AccessKey);
            Assert.Equal(Secret, first.SecretKey);
            Assert.Equal("token-1", first.Token);
            Assert.Equal("ASIAFOREIGN2", second.AccessKey);
            Assert.Equal(2, foreign.Calls);
        }

        [Fact]
        public void ReportsAForeignCredentialThatFailsAsNoCredentials()
        {
            AWSCredentials adapted = AwsCredentialResolver.Adapt(new ForeignSdk.AWSCredentials { Fail = true });

            InstanceProfileToolsException error = Assert.Throws<InstanceProfileToolsException>(() => adapted.GetCredentials());

            Assert.Equal(ErrorIds.NoCredentials, error.ErrorId);
            Assert.Contains("SSO session expired", error.Message);
        }

        [Fact]
        public void TakesTheKeysOfAnObjectWhoseGetCredentialsAnswersAnyObject()
        {
            AccessKeyCredential? keys = CredentialSnapshot.TryTake(new ForeignSdk.LooselyTypedCredentials("AKIDLOOSE", Secret));

            Assert.NotNull(keys);
            Assert.Equal("AKIDLOOSE", keys!.AccessKeyId);
            Assert.Equal(Secret, keys.SecretAccessKey);
            Assert.Null(keys.SessionToken);
        }

        [Fact]
        public void TakesNothingFromAnObjectWithoutGetCredentials()
        {
            Assert.Null(CredentialSnapshot.TryTake("AKIDEXAMPLE"));
        }

        [Fact]
        public void ReportsASnapshotWithoutKeysAsNoCredentialsNamingTheType()
        {
            InstanceProfileToolsException error = Assert.Throws<InstanceProfileToolsException>(
                () => CredentialSnapshot.TryTake(new ForeignSdk.LooselyTypedCredentials("AKIDLOOSE", string.Empty)));

            Assert.Equal(ErrorIds.NoCredentials, error.ErrorId);
            Assert.Equal("ForeignSdk.LooselyTypedCredentials", error.Target);
            Assert.Equal("The -Credential object (ForeignSdk.LooselyTypedCredentials) returned no access key or secret key.", error.Message);
        }

        [Fact]
        public void ReportsAFailingSnapshotAsAdaptedCredentialsDoWithTheObjectsReason()
        {
            var failing = new ForeignSdk.AWSCredentials { Fail = true };

            InstanceProfileToolsException snapshot = Assert.Throws<InstanceProfileToolsException>(() => CredentialSnapshot.TryTake(failing));
            InstanceProfileToolsException signing = Assert.Throws<InstanceProfileToolsException>(() => AwsCredentialResolver.Adapt(failing).GetCredentials());

            Assert.Equal("The -Credential object (ForeignSdk.AWSCredentials) could not produce credentials: SSO session expired", snapshot.Message);
            Assert.Equal(snapshot.Message, signing.Message);
            Assert.Equal(snapshot.ErrorId, signing.ErrorId);
        }

        [Theory]
        [InlineData("AKIDEXAMPLE")]
        [InlineData(42)]
        public void RefusesWhatIsNotACredential(object value)
        {
            InputValidationException error = Assert.Throws<InputValidationException>(() => AwsCredentialResolver.Adapt(value));

            Assert.Equal(ErrorIds.InvalidCredential, error.ErrorId);
            Assert.Equal("Credential", error.ParameterName);
            Assert.Contains("PSCredential", error.Message);
        }

        [Fact]
        public void RefusesAnAccessKeyWithoutSecretNamingOnlyTheKeyId()
        {
            InputValidationException error = Assert.Throws<InputValidationException>(
                () => AwsCredentialResolver.Adapt(new AccessKeyCredential("AKIDEXAMPLE", string.Empty)));

            Assert.Equal(ErrorIds.InvalidCredential, error.ErrorId);
            Assert.Equal("AKIDEXAMPLE", error.Target);
        }

        // A key id pasted with a space or a line break reached AWS and came back as an unclear auth failure.
        [Theory]
        [InlineData(" AKIDEXAMPLE")]
        [InlineData("AKIDEXAMPLE\n")]
        [InlineData("AKID EXAMPLE")]
        public void RefusesAnAccessKeyIdThatIsNotWordCharacters(string keyId)
        {
            InputValidationException error = Assert.Throws<InputValidationException>(
                () => AwsCredentialResolver.Adapt(new AccessKeyCredential(keyId, Secret)));

            Assert.Equal(ErrorIds.InvalidCredential, error.ErrorId);
            Assert.Equal(keyId, error.Target);
            Assert.Contains(@"letters, digits and _ only ([\w]+", error.Message);
            Assert.DoesNotContain(Secret, error.Message);
        }

        [Fact]
        public void NeverPrintsASecret()
        {
            var keys = new AccessKeyCredential("AKIDEXAMPLE", Secret, "session-token-secret");
            AWSCredentials foreign = AwsCredentialResolver.Adapt(new ForeignSdk.AWSCredentials());

            Assert.DoesNotContain(Secret, keys.ToString());
            Assert.DoesNotContain("session-token-secret", keys.ToString());
            Assert.Contains("AKIDEXAMPLE", keys.ToString());
            Assert.DoesNotContain(Secret, foreign.ToString());
        }

        [Theory]
        [InlineData("wJalrXUtnFEMI/K7MDENG bPxRfiCYEXAMPLEKEY")]
        [InlineData("abc+def ghi")]
        [InlineData("wJalrXUtnFEMIxK7MDENGxbPxRfiCYEXAMPLEKEY ")]
        public void An_access_key_id_that_looks_like_a_secret_is_never_echoed(string pasted)
        {
            InputValidationException error = Assert.Throws<InputValidationException>(() =>
                AwsCredentialResolver.Adapt(new AccessKeyCredential(pasted, "secret")));

            Assert.Equal(ErrorIds.InvalidCredential, error.ErrorId);
            Assert.DoesNotContain(pasted.Trim(), error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(pasted.Trim(), error.Target?.ToString() ?? string.Empty, StringComparison.Ordinal);
            Assert.Contains("looks like a secret access key", error.Message, StringComparison.Ordinal);
        }
    }
}
