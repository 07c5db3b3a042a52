namespace CatalogForge.Server.Telemetry;

/// <summary>Section <c>Telemetry</c>: the Prometheus endpoint. OTLP is configured by the standard <c>OTEL_*</c> variables.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Serve <c>/metrics</c> in Prometheus text format (on in appsettings.Development.json).</summary>
    public bool Prometheus { get; set; }

    /// <summary>Answer <c>/metrics</c> for callers that are not on loopback too; keep it off unless the network in front is trusted.</summary>
    public bool PrometheusAllowRemote { get; set; }
}
