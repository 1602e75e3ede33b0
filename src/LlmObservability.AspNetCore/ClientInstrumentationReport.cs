namespace LlmObservability.AspNetCore;

/// <summary>How many registered clients were wrapped when the container was built.</summary>
internal sealed record ClientInstrumentationReport(int ChatClients, int EmbeddingGenerators, bool Performed);
