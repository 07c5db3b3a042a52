using Azure;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Ai;

/// <summary>
/// The key of an OpenAI-compatible provider, never from a file: read from a Key Vault secret
/// (<c>ApiKeySecretUri</c>, with <c>DefaultAzureCredential</c>) or from a named environment variable.
/// </summary>
public sealed class ProviderKeyResolver
{
    private readonly Func<Uri, SecretClient> _secretClients;
    private readonly Func<string, string?> _environment;

    /// <summary>Key Vault through <c>DefaultAzureCredential</c> (managed identity in Azure), the process environment.</summary>
    public ProviderKeyResolver()
        : this(vault => new SecretClient(vault, new DefaultAzureCredential()), Environment.GetEnvironmentVariable)
    {
    }

    /// <param name="secretClients">The client for a vault URI (tests hand in a mocked <see cref="SecretClient"/>).</param>
    public ProviderKeyResolver(Func<Uri, SecretClient> secretClients, Func<string, string?> environment)
    {
        _secretClients = secretClients;
        _environment = environment;
    }

    /// <exception cref="ClassifiedException"><see cref="ErrorClass.Auth"/> when the key cannot be had, naming where it was looked for.</exception>
    public async Task<string> ResolveAsync(string providerName, AiProviderOptions provider, CancellationToken cancellationToken)
    {
        if (provider.ApiKeySecretUri is { } secretUri)
        {
            return await ReadSecretAsync(providerName, secretUri, cancellationToken);
        }

        var variable = provider.ApiKeyEnvironmentVariable ?? "";
        var key = _environment(variable);
        return string.IsNullOrEmpty(key)
            ? throw new ClassifiedException(ErrorClass.Auth,
                $"Ai:Providers:{providerName}: environment variable '{variable}' holding the provider key is not set.")
            : key;
    }

    /// <summary>https://&lt;vault&gt;/secrets/&lt;name&gt;[/&lt;version&gt;] (the SDK's parser alone also takes /keys/ and /certificates/ URIs).</summary>
    internal static bool TryParseSecretUri(Uri uri, out KeyVaultSecretIdentifier secret)
    {
        secret = default;
        return uri.IsAbsoluteUri
               && uri.Scheme == Uri.UriSchemeHttps
               && uri.AbsolutePath.StartsWith("/secrets/", StringComparison.OrdinalIgnoreCase)
               && KeyVaultSecretIdentifier.TryCreate(uri, out secret);
    }

    private async Task<string> ReadSecretAsync(string providerName, Uri secretUri, CancellationToken cancellationToken)
    {
        if (!TryParseSecretUri(secretUri, out var secret))
        {
            throw new ClassifiedException(ErrorClass.Auth,
                $"Ai:Providers:{providerName}:ApiKeySecretUri '{secretUri}' is not a Key Vault secret URI (https://<vault>.vault.azure.net/secrets/<name>[/<version>]).");
        }

        try
        {
            var response = await _secretClients(secret.VaultUri).GetSecretAsync(secret.Name, secret.Version, cancellationToken);
            var value = response.Value?.Value;
            return string.IsNullOrEmpty(value)
                ? throw new ClassifiedException(ErrorClass.Auth,
                    $"Ai:Providers:{providerName}: Key Vault secret '{secret.Name}' in {secret.VaultUri} is empty.")
                : value;
        }
        catch (Exception ex) when (ex is RequestFailedException or AuthenticationFailedException or CredentialUnavailableException)
        {
            throw new ClassifiedException(ErrorClass.Auth,
                $"Ai:Providers:{providerName}: Key Vault secret '{secret.Name}' in {secret.VaultUri} could not be read: {ex.Message}", ex);
        }
    }
}
