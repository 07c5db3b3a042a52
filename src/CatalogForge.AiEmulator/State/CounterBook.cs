using System.Globalization;

namespace CatalogForge.AiEmulator.State;

/// <summary>Mutable tallies behind <see cref="EmulatorCounters"/>. Not thread-safe: the owner serialises access.</summary>
internal sealed class CounterBook
{
    private readonly Tally _total = new();
    private readonly Dictionary<string, Tally> _byDeployment = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, long> _faults = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _statuses = new(StringComparer.Ordinal);

    public void Add(RecordedRequest request)
    {
        _total.Add(request);
        if (request.Deployment.Length > 0)
        {
            if (!_byDeployment.TryGetValue(request.Deployment, out var tally))
            {
                _byDeployment[request.Deployment] = tally = new Tally();
            }

            tally.Add(request);
        }

        if (request.Fault is { } fault)
        {
            var name = fault.ToWireName();
            _faults[name] = _faults.GetValueOrDefault(name) + 1;
        }

        var status = request.StatusCode.ToString(CultureInfo.InvariantCulture);
        _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
    }

    public void Clear()
    {
        _total.Clear();
        _byDeployment.Clear();
        _faults.Clear();
        _statuses.Clear();
    }

    public EmulatorCounters Snapshot() => new(
        _total.Requests,
        _total.Chat,
        _total.Embeddings,
        _total.Images,
        _total.RateLimited,
        _total.Faults,
        new Dictionary<string, long>(_faults, StringComparer.Ordinal),
        new Dictionary<string, long>(_statuses, StringComparer.Ordinal),
        _total.PromptTokens,
        _total.CompletionTokens,
        _total.ImagesGenerated,
        _byDeployment.ToDictionary(pair => pair.Key, pair => pair.Value.ToSnapshot(), StringComparer.OrdinalIgnoreCase));

    private sealed class Tally
    {
        public long Requests { get; private set; }

        public long Chat { get; private set; }

        public long Embeddings { get; private set; }

        public long Images { get; private set; }

        public long RateLimited { get; private set; }

        public long Faults { get; private set; }

        public long PromptTokens { get; private set; }

        public long CompletionTokens { get; private set; }

        public long ImagesGenerated { get; private set; }

        public void Add(RecordedRequest request)
        {
            Requests++;
            switch (request.Kind)
            {
                case RequestKind.Chat:
                    Chat++;
                    break;
                case RequestKind.Embeddings:
                    Embeddings++;
                    break;
                case RequestKind.Images:
                    Images++;
                    break;
            }

            if (request.StatusCode == StatusCodes.Status429TooManyRequests)
            {
                RateLimited++;
            }

            if (request.Fault.HasValue)
            {
                Faults++;
            }

            if (request.StatusCode == StatusCodes.Status200OK)
            {
                PromptTokens += request.PromptTokens;
                CompletionTokens += request.CompletionTokens;
                ImagesGenerated += request.Images;
            }
        }

        public void Clear()
        {
            Requests = Chat = Embeddings = Images = RateLimited = Faults = PromptTokens = CompletionTokens = ImagesGenerated = 0;
        }

        public DeploymentCounters ToSnapshot() =>
            new(Requests, Chat, Embeddings, Images, RateLimited, Faults, PromptTokens, CompletionTokens, ImagesGenerated);
    }
}
