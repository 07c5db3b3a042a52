using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Alerts;

public enum WebhookDeliveryStatus
{
    Delivered,

    /// <summary>The receiver answered a 4xx other than 408/429 (or a redirect, which is not followed): retrying will not help.</summary>
    Rejected,

    /// <summary>The URL resolves to an address webhooks must not reach (checked at every connection).</summary>
    Refused,

    /// <summary>Every attempt failed with a passing fault (network, timeout, 408, 429, 5xx, a name that did not resolve).</summary>
    Failed,
}

public sealed record WebhookDeliveryResult(string WebhookId, WebhookDeliveryStatus Status, int Attempts, string Detail)
{
    public bool IsPermanent => Status is WebhookDeliveryStatus.Rejected or WebhookDeliveryStatus.Refused;
}

/// <summary>
/// POSTs one signed alert body to one webhook (<see cref="WebhookSignature"/>), retried with exponential backoff
/// (<see cref="AlertOptions.MaxAttempts"/>, <see cref="AlertOptions.RetryDelay"/>) while the failure may pass; every failed
/// attempt is logged with its class.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<AlertOptions> options, TimeProvider time, ILogger<WebhookSender> logger)
{
    public const string HttpClientName = "CatalogForge.Webhooks";

    public async Task<WebhookDeliveryResult> SendAsync(WebhookTarget target, string alertId, byte[] body, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var client = clients.CreateClient(HttpClientName);
        var detail = "";
        for (var attempt = 1; attempt <= settings.MaxAttempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(settings.RetryDelay * Math.Pow(2, attempt - 2), time, cancellationToken);
            }

            var (status, text) = await AttemptAsync(client, target, alertId, body, settings.RequestTimeout, cancellationToken);
            if (status == WebhookDeliveryStatus.Delivered)
            {
                return new WebhookDeliveryResult(target.WebhookId, status, attempt, text);
            }

            logger.LogWarning("Webhook {WebhookId} attempt {Attempt}/{MaxAttempts} for alert {AlertId}: {Status} ({Detail})",
                target.WebhookId, attempt, settings.MaxAttempts, alertId, status, text);
            detail = text;
            if (status != WebhookDeliveryStatus.Failed)
            {
                return new WebhookDeliveryResult(target.WebhookId, status, attempt, text);
            }
        }

        return new WebhookDeliveryResult(target.WebhookId, WebhookDeliveryStatus.Failed, settings.MaxAttempts, detail);
    }

    private async Task<(WebhookDeliveryStatus, string)> AttemptAsync(
        HttpClient client, WebhookTarget target, string alertId, byte[] body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var timestamp = WebhookSignature.Timestamp(time.GetUtcNow());
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(target.Secret, timestamp, body));
        request.Headers.Add(WebhookSignature.AlertIdHeader, alertId);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var code = (int)response.StatusCode;
            return code switch
            {
                >= 200 and < 300 => (WebhookDeliveryStatus.Delivered, $"HTTP {code}"),
                408 or 429 or >= 500 => (WebhookDeliveryStatus.Failed, $"HTTP {code}"),
                _ => (WebhookDeliveryStatus.Rejected, $"HTTP {code}"),
            };
        }
        catch (HttpRequestException ex) when (ex.InnerException is WebhookAddressException address)
        {
            return (address.Permanent ? WebhookDeliveryStatus.Refused : WebhookDeliveryStatus.Failed, address.Message);
        }
        catch (HttpRequestException ex)
        {
            return (WebhookDeliveryStatus.Failed, $"network: {ex.HttpRequestError}: {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (WebhookDeliveryStatus.Failed, $"timeout after {timeout.TotalSeconds:0.#} s");
        }
    }
}
