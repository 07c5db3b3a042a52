namespace CatalogForge.Core.Ai;

/// <summary>Checks where an AI provider's key comes from.</summary>
internal static class ProviderKeySettings
{
    /// <summary>An OpenAI-compatible provider needs exactly one key source; the other kinds take none; a key itself is never accepted.</summary>
    public static IEnumerable<string> Errors(string name, AiProviderOptions provider)
    {
        var prefix = $"Ai:Providers:{name}";
        if (!string.IsNullOrEmpty(provider.ApiKey))
        {
            yield return $"{prefix}:ApiKey: keys are never read from configuration; put the key in Key Vault and set ApiKeySecretUri, or set ApiKeyEnvironmentVariable.";
        }

        var hasVariable = !string.IsNullOrWhiteSpace(provider.ApiKeyEnvironmentVariable);
        var hasSecret = provider.ApiKeySecretUri is not null;
        if (provider.Kind != AiProviderKind.OpenAICompatible)
        {
            if (hasVariable || hasSecret)
            {
                yield return $"{prefix}: a {provider.Kind} provider takes no key (AzureOpenAI authenticates with DefaultAzureCredential); " +
                             "remove ApiKeyEnvironmentVariable / ApiKeySecretUri.";
            }

            yield break;
        }

        if (hasVariable && hasSecret)
        {
            yield return $"{prefix}: set either ApiKeySecretUri or ApiKeyEnvironmentVariable, not both.";
        }
        else if (!hasVariable && !hasSecret)
        {
            yield return $"{prefix}: an OpenAICompatible provider needs its key from ApiKeySecretUri (Key Vault) or ApiKeyEnvironmentVariable.";
        }

        if (provider.ApiKeySecretUri is { } uri && !ProviderKeyResolver.TryParseSecretUri(uri, out _))
        {
            yield return $"{prefix}:ApiKeySecretUri '{uri}' is not a Key Vault secret URI (https://<vault>.vault.azure.net/secrets/<name>[/<version>]).";
        }
    }
}
