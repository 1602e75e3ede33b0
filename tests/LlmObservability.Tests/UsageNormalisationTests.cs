using LlmObservability.Pricing;
using Microsoft.Extensions.AI;

namespace LlmObservability.Tests;

/// <summary>Each provider adapter's real usage shape, mapped onto the partition of billable tokens.</summary>
public sealed class UsageNormalisationTests
{
    [Fact]
    public void OpenAi_CachedAndReasoningInsideTotals()
    {
        // Microsoft.Extensions.AI.OpenAI: prompt_tokens includes cached_tokens; completion_tokens includes reasoning_tokens.
        TokenUsage usage = TokenUsage.From(new UsageDetails
        {
            InputTokenCount = 2006, CachedInputTokenCount = 1920, OutputTokenCount = 300, ReasoningTokenCount = 100,
        });

        usage.UncachedInput.Should().Be(86);
        usage.CacheRead.Should().Be(1920);
        usage.OutputExcludingReasoning.Should().Be(200);
        usage.Reasoning.Should().Be(100);
        usage.IsInvalid.Should().BeFalse();
    }

    [Fact]
    public void Anthropic_CacheWritesInAdditionalCounts()
    {
        // The official Anthropic adapter adds cache reads and writes back into InputTokenCount.
        UsageDetails details = new() { InputTokenCount = 3210, CachedInputTokenCount = 200, OutputTokenCount = 50 };
        details.AdditionalCounts = new() { ["CacheCreationInputTokens"] = 3000 };

        TokenUsage usage = TokenUsage.From(details);

        usage.UncachedInput.Should().Be(10);
        usage.CacheRead.Should().Be(200);
        usage.CacheCreation.Should().Be(3000);
    }

    [Fact]
    public void Gemini_ThinkingTokensAddedToOutput()
    {
        // Gemini adapters report cached content and thoughts only as additional counts; thoughts are outside the output count.
        UsageDetails details = new() { InputTokenCount = 1000, OutputTokenCount = 200 };
        details.AdditionalCounts = new() { ["CachedContentTokenCount"] = 600, ["ThoughtsTokenCount"] = 300 };

        TokenUsage usage = TokenUsage.From(details);

        usage.TotalInput.Should().Be(1000);
        usage.CacheRead.Should().Be(600);
        usage.UncachedInput.Should().Be(400);
        usage.TotalOutput.Should().Be(500);
        usage.Reasoning.Should().Be(300);
        usage.OutputExcludingReasoning.Should().Be(200);
    }

    [Fact]
    public void Bedrock_CacheCountsAddedToInput()
    {
        // The AWS Bedrock adapter reports Converse's cacheReadInputTokens and cacheWriteInputTokens beside inputTokens.
        UsageDetails details = new() { InputTokenCount = 100, OutputTokenCount = 40 };
        details.AdditionalCounts = new() { ["CacheReadInputTokens"] = 900, ["CacheWriteInputTokens"] = 50 };

        TokenUsage usage = TokenUsage.From(details);

        usage.TotalInput.Should().Be(1050);
        usage.UncachedInput.Should().Be(100);
        usage.CacheRead.Should().Be(900);
        usage.CacheCreation.Should().Be(50);
    }
}
