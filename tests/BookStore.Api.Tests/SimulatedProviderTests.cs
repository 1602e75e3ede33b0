using System.Numerics.Tensors;
using BookStore.Api.Llm;
using BookStore.Api.Llm.Simulated;
using Microsoft.Extensions.Options;

namespace BookStore.Api.Tests;

public class SimulatedProviderTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("a", 1)]
    [InlineData("abcd", 1)]
    [InlineData("abcde", 2)]
    [InlineData("abcdefgh", 2)]
    public void EstimateTokens_RoundsCharactersOverFourUp(string text, int expected)
    {
        SimulatedText.EstimateTokens(text).Should().Be(expected);
    }

    [Fact]
    public void SplitIntoChunks_JoinsBackToText()
    {
        const string text = "Moby-Dick is a book by Herman Melville, first published in 1851. The sailor Ishmael joins.";

        var chunks = SimulatedText.SplitIntoChunks(text);

        chunks.Should().HaveCountGreaterThan(1);
        string.Concat(chunks).Should().Be(text);
    }

    [Fact]
    public void ComposeReply_BookPrompt_UsesBookFields()
    {
        var messages = new[]
        {
            new SimulatedMessage("system", "Use at most 80 words."),
            new SimulatedMessage("user", "Title: Emma\nAuthor: Jane Austen\nYear: 1815\nDescription: A matchmaker errs."),
        };

        var reply = SimulatedText.ComposeReply(messages, maxOutputTokens: null);

        reply.Text.Should().Be("Emma is a book by Jane Austen, first published in 1815. A matchmaker errs.");
        reply.FinishReason.Should().Be("stop");
    }

    [Fact]
    public void ComposeReply_TokenLimit_CutsReply()
    {
        var messages = new[] { new SimulatedMessage("user", "Title: Emma\nAuthor: Jane Austen\nDescription: A long story.") };

        var reply = SimulatedText.ComposeReply(messages, maxOutputTokens: 3);

        SimulatedText.EstimateTokens(reply.Text).Should().Be(3);
        reply.FinishReason.Should().Be("length");
    }

    [Fact]
    public void RecordPrompt_FirstTime_ReturnsZero()
    {
        var cache = new SimulatedPromptCache();

        cache.RecordPrompt("gpt-4o-mini", "prompt", promptTokens: 200).Should().Be(0);
    }

    [Fact]
    public void RecordPrompt_Repeat_RoundsDownToBlock()
    {
        var cache = new SimulatedPromptCache();
        cache.RecordPrompt("gpt-4o-mini", "prompt", promptTokens: 200);

        cache.RecordPrompt("gpt-4o-mini", "prompt", promptTokens: 200).Should().Be(192);
    }

    [Fact]
    public void RecordPrompt_OtherModel_ReturnsZero()
    {
        var cache = new SimulatedPromptCache();
        cache.RecordPrompt("gpt-4o-mini", "prompt", promptTokens: 200);

        cache.RecordPrompt("gpt-4o", "prompt", promptTokens: 200).Should().Be(0);
    }

    [Fact]
    public void Embed_ReturnsUnitVector()
    {
        var vector = SimulatedEmbeddings.Embed("A whale hunt across the oceans.", SimulatedEmbeddings.DefaultDimensions);

        vector.Should().HaveCount(SimulatedEmbeddings.DefaultDimensions);
        TensorPrimitives.Norm(vector).Should().BeApproximately(1f, 1e-5f);
    }

    [Fact]
    public void Embed_SameText_ReturnsSameVector()
    {
        var first = SimulatedEmbeddings.Embed("The same text.", 256);
        var second = SimulatedEmbeddings.Embed("The same text.", 256);

        first.Should().Equal(second);
    }

    [Fact]
    public void Embed_TextWithoutWords_ReturnsUnitVector()
    {
        var vector = SimulatedEmbeddings.Embed("!!!", 256);

        TensorPrimitives.Norm(vector).Should().BeApproximately(1f, 1e-5f);
    }

    [Fact]
    public void ResolveResponseModel_Alias_ReturnsDatedSnapshot()
    {
        SimulatedModels.ResolveResponseModel("gpt-4o-mini").Should().Be("gpt-4o-mini-2024-07-18");
    }

    [Fact]
    public void ResolveResponseModel_UnknownModel_EchoesRequest()
    {
        SimulatedModels.ResolveResponseModel("acme-private-llm").Should().Be("acme-private-llm");
    }

    [Fact]
    public void NextRandomFault_RateZero_ReturnsNone()
    {
        var conditions = CreateConditions(faultRate: 0, seed: 1);

        Enumerable.Range(0, 100).Select(_ => conditions.NextRandomFault()).Should().OnlyContain(fault => fault == SimulatedFault.None);
    }

    [Fact]
    public void NextRandomFault_RateOne_ReturnsFault()
    {
        var conditions = CreateConditions(faultRate: 1, seed: 1);

        Enumerable.Range(0, 100).Select(_ => conditions.NextRandomFault()).Should().NotContain(SimulatedFault.None);
    }

    [Fact]
    public void NextRandomFault_SameSeed_RepeatsSequence()
    {
        var first = CreateConditions(faultRate: 0.5, seed: 7);
        var second = CreateConditions(faultRate: 0.5, seed: 7);

        var firstSequence = Enumerable.Range(0, 50).Select(_ => first.NextRandomFault()).ToList();
        var secondSequence = Enumerable.Range(0, 50).Select(_ => second.NextRandomFault()).ToList();

        firstSequence.Should().Equal(secondSequence);
    }

    [Fact]
    public void NextLatency_StaysWithinJitter()
    {
        var conditions = CreateConditions(faultRate: 0, seed: 3, latencyMs: 100, jitterMs: 20);

        var latencies = Enumerable.Range(0, 200).Select(_ => conditions.NextLatency().TotalMilliseconds).ToList();

        latencies.Should().OnlyContain(latency => latency >= 80 && latency <= 120);
    }

    private static SimulatedConditions CreateConditions(double faultRate, int seed, int latencyMs = 0, int jitterMs = 0) =>
        new(Options.Create(new BookStoreLlmOptions
        {
            Simulated = new SimulatedLlmOptions
            {
                FaultRate = faultRate,
                RandomSeed = seed,
                LatencyMs = latencyMs,
                JitterMs = jitterMs,
            },
        }));
}
