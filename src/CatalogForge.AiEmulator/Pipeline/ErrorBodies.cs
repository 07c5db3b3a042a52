using System.Globalization;
using System.Text.Json.Nodes;

namespace CatalogForge.AiEmulator.Pipeline;

/// <summary>Error bodies exactly as Azure OpenAI / OpenAI send them.</summary>
internal static class ErrorBodies
{
    public static JsonObject InvalidRequest(string message, string? param = null, string? code = null) =>
        OpenAiError(message, "invalid_request_error", param, code);

    public static JsonObject Unauthorized() => AzureError(
        "401",
        "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.");

    public static JsonObject DeploymentNotFound() => AzureError(
        "DeploymentNotFound",
        "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.");

    public static JsonObject RateLimited(string operationName, string apiVersion, int retryAfterSeconds, bool tokenLimit) => AzureError(
        "429",
        string.Create(
            CultureInfo.InvariantCulture,
            $"Requests to the {operationName} Operation under Azure OpenAI API version {apiVersion} have exceeded {(tokenLimit ? "token" : "call")} rate limit of your current OpenAI S0 pricing tier. Please retry after {retryAfterSeconds} seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit."));

    public static JsonObject ServerError() => OpenAiError(
        "The server had an error while processing your request. Sorry about that!", "server_error", null, null);

    public static JsonObject ServiceUnavailable() => OpenAiError(
        "The service is temporarily unable to process your request. Please retry later.", "server_error", null, "service_unavailable");

    public static JsonObject ContentFiltered() => new()
    {
        ["error"] = new JsonObject
        {
            ["message"] = "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
            ["type"] = null,
            ["param"] = "prompt",
            ["code"] = "content_filter",
            ["status"] = 400,
            ["innererror"] = new JsonObject
            {
                ["code"] = "ResponsibleAIPolicyViolation",
                ["content_filter_result"] = ContentFilterAnnotations.RefusedPrompt(),
            },
        },
    };

    private static JsonObject AzureError(string code, string message) => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
        },
    };

    private static JsonObject OpenAiError(string message, string type, string? param, string? code) => new()
    {
        ["error"] = new JsonObject
        {
            ["message"] = message,
            ["type"] = type,
            ["param"] = param,
            ["code"] = code,
        },
    };
}
