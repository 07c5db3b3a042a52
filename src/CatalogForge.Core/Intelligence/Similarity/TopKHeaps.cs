namespace CatalogForge.Core.Intelligence.Similarity;

/// <summary>
/// One bounded min-heap per row, in flat arrays: the root of a row's heap is its worst kept neighbour, so a candidate
/// costs one comparison unless it beats that. Order: a higher score is better; of equal scores the lower index is better,
/// which makes the result independent of the order candidates arrive in. Not thread-safe: callers lock per row range.
/// </summary>
internal sealed class TopKHeaps
{
    private readonly int _k;
    private readonly float[] _scores;
    private readonly int[] _indices;
    private readonly int[] _counts;

    public TopKHeaps(int rows, int k)
    {
        _k = k;
        _scores = new float[checked(rows * k)];
        _indices = new int[rows * k];
        _counts = new int[rows];
    }

    public void Offer(int row, int index, float score)
    {
        if (_k == 0)
        {
            return;
        }

        var start = row * _k;
        var count = _counts[row];
        if (count < _k)
        {
            _counts[row] = count + 1;
            SiftUp(start, count, index, score);
        }
        else if (IsBetter(score, index, _scores[start], _indices[start]))
        {
            SiftDown(start, index, score);
        }
    }

    /// <summary>The kept neighbours of <paramref name="row"/>, best first.</summary>
    public SimilarNeighbor[] Sorted(int row)
    {
        var start = row * _k;
        var result = new SimilarNeighbor[_counts[row]];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new SimilarNeighbor(_indices[start + i], Math.Clamp(_scores[start + i], -1f, 1f));
        }

        Array.Sort(result, static (x, y) => IsBetter(x.Score, x.Index, y.Score, y.Index) ? -1 : IsBetter(y.Score, y.Index, x.Score, x.Index) ? 1 : 0);
        return result;
    }

    private static bool IsBetter(float score, int index, float otherScore, int otherIndex) =>
        score > otherScore || (score == otherScore && index < otherIndex);

    private void SiftUp(int start, int position, int index, float score)
    {
        while (position > 0)
        {
            var parent = (position - 1) / 2;
            if (!IsBetter(_scores[start + parent], _indices[start + parent], score, index))
            {
                break;
            }

            _scores[start + position] = _scores[start + parent];
            _indices[start + position] = _indices[start + parent];
            position = parent;
        }

        _scores[start + position] = score;
        _indices[start + position] = index;
    }

    /// <summary>Replaces the root (the worst) with the candidate and restores the heap.</summary>
    private void SiftDown(int start, int index, float score)
    {
        var position = 0;
        while (true)
        {
            var child = 2 * position + 1;
            if (child >= _k)
            {
                break;
            }

            if (child + 1 < _k && IsBetter(_scores[start + child], _indices[start + child], _scores[start + child + 1], _indices[start + child + 1]))
            {
                child++;
            }

            if (!IsBetter(score, index, _scores[start + child], _indices[start + child]))
            {
                break;
            }

            _scores[start + position] = _scores[start + child];
            _indices[start + position] = _indices[start + child];
            position = child;
        }

        _scores[start + position] = score;
        _indices[start + position] = index;
    }
}
