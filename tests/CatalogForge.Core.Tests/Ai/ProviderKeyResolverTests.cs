using Azure;
using Azure.Security.KeyVault.Secrets;
using CatalogForge.Core.Ai;
using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Tests.Ai;

/// <summary>An OpenAI-compatible provider's key from Key Vault (a mocked <see cref="SecretClient"/>) or the environment.</summary>
public sealed class ProviderKeyResolverTests
{
    /// <summary>SecretClient's members are virtual for mocking; this one answers from a dictionary and records what it was asked.</summary>
    private sealed class FakeSecretClient(Uri vault, Dictionary<string, string> secrets) : SecretClient
    {
        public List<(Uri Vault, string Name, string? Version)> Requests { get; } = [];

        public override Task<Response<KeyVaultSecret>> GetSecretAsync(string name, string? version = null, CancellationToken cancellationToken = default)
        {
            Requests.Add((vault, name, version));
            if (!secrets.TryGetValue(name, out var value))
            {
                throw new RequestFailedException(404, $"A secret with (name/id) {name} was not found in this key vault.", "SecretNotFound", null);
            }

            var secret = SecretModelFactory.KeyVaultSecret(new SecretProperties(name), value);
            return Task.FromResult(Response.FromValue(secret, null!));
        }
    }

    private static AiProviderOptions Provider(string? secretUri = null, string? variable = null) => new()
    {
        Kind = AiProviderKind.OpenAICompatible,
        Endpoint = new Uri("https://api.example.test/v1/"),
        ApiKeySecretUri = secretUri is null ? null : new Uri(secretUri),
        ApiKeyEnvironmentVariable = variable,
    };

    [Theory]
    [InlineData("https://my-vault.vault.azure.net/secrets/openai-key", null)]
    [InlineData("https://my-vault.vault.azure.net/secrets/openai-key/0123456789abcdef", "0123456789abcdef")]
    public async Task Reads_the_named_secret_from_the_vault_of_the_reference(string secretUri, string? version)
    {
        FakeSecretClient? client = null;
        var resolver = new ProviderKeyResolver(
            vault => client = new FakeSecretClient(vault, new() { ["openai-key"] = "sk-from-vault" }),
            _ => throw new InvalidOperationException("the environment must not be read"));

        var key = await resolver.ResolveAsync("other", Provider(secretUri), TestContext.Current.CancellationToken);

        Assert.Equal("sk-from-vault", key);
        Assert.Equal((new Uri("https://my-vault.vault.azure.net/"), "openai-key", version), Assert.Single(client!.Requests));
    }

    [Fact]
    public async Task A_secret_that_cannot_be_read_fails_as_Auth_naming_vault_and_secret()
    {
        var resolver = new ProviderKeyResolver(vault => new FakeSecretClient(vault, []), _ => null);

        var error = await Assert.ThrowsAsync<ClassifiedException>(() =>
            resolver.ResolveAsync("other", Provider("https://my-vault.vault.azure.net/secrets/missing"), TestContext.Current.CancellationToken));

        Assert.Equal(ErrorClass.Auth, error.ErrorClass);
        Assert.Contains("Key Vault secret 'missing' in https://my-vault.vault.azure.net/ could not be read", error.Message, StringComparison.Ordinal);
        Assert.IsType<RequestFailedException>(error.InnerException);
    }

    [Fact]
    public async Task An_environment_variable_key_is_read_when_no_secret_is_referenced()
    {
        var resolver = new ProviderKeyResolver(_ => throw new InvalidOperationException("no vault is referenced"),
            name => name == "OTHER_KEY" ? "sk-from-env" : null);

        Assert.Equal("sk-from-env", await resolver.ResolveAsync("other", Provider(variable: "OTHER_KEY"), TestContext.Current.CancellationToken));
        var missing = await Assert.ThrowsAsync<ClassifiedException>(() =>
            resolver.ResolveAsync("other", Provider(variable: "UNSET_KEY"), TestContext.Current.CancellationToken));
        Assert.Equal(ErrorClass.Auth, missing.ErrorClass);
        Assert.Contains("'UNSET_KEY'", missing.Message, StringComparison.Ordinal);
    }
}
