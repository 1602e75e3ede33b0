namespace LlmObservability.Tests.Infrastructure;

/// <summary>Prometheus' <c>histogram_quantile</c> estimate over explicit buckets, for checking bucket choices.</summary>
internal static class HistogramQuantile
{
    public static double Estimate(double quantile, IReadOnlyList<double> upperBounds, IReadOnlyCollection<double> values)
    {
        long[] cumulative = new long[upperBounds.Count];
        for (int i = 0; i < upperBounds.Count; i++)
        {
            cumulative[i] = values.Count(v => v <= upperBounds[i]);
        }

        double rank = quantile * values.Count;
        for (int i = 0; i < cumulative.Length; i++)
        {
            if (cumulative[i] >= rank)
            {
                double lower = i == 0 ? 0 : upperBounds[i - 1];
                long below = i == 0 ? 0 : cumulative[i - 1];
                return lower + ((upperBounds[i] - lower) * (rank - below) / (cumulative[i] - below));
            }
        }

        return upperBounds[^1];
    }
}
