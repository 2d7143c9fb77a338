using BenchmarkDotNet.Running;

// `--memory` measures retained memory per key-window (a plain run, not BenchmarkDotNet); anything else goes to BenchmarkDotNet.
if (args.Contains("--memory")) return FlowGrain.Benchmarks.WindowMemory.Run(args);

BenchmarkSwitcher.FromAssembly(typeof(FlowGrain.Benchmarks.IngestBenchmarks).Assembly).Run(args);
return 0;
