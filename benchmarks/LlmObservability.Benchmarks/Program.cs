using BenchmarkDotNet.Running;

// Run in Release, for example: dotnet run -c Release --project benchmarks/LlmObservability.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
