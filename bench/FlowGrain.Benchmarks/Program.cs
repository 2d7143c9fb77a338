using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(FlowGrain.Benchmarks.IngestBenchmarks).Assembly).Run(args);
