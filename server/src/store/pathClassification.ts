/**
 * Classifies workspace-relative paths (forward slashes) as tests or generated code, so search can down-weight them.
 * The rules are deliberately conservative: a false "test" only lowers a rank, it never hides a file.
 */

const TEST_DIRECTORIES = new Set(["test", "tests", "__tests__", "__test__", "spec", "specs", "__mocks__", "e2e", "testdata", "fixtures", "__fixtures__"]);
const TEST_FILE_PATTERNS = [
  /\.(test|spec|e2e|bench)\.[^./]+$/i, // foo.test.ts, foo.spec.js
  /(^|[_-])tests?\.[^./]+$/i, // foo_test.go, foo-test.js, test.py
  /^test_[^/]+\.py$/i, // test_foo.py
  /Tests?\.(java|kt|cs|scala|swift)$/, // FooTest.java, FooTests.cs
];

/** True for files under a test folder or named like a test (foo.test.ts, foo_test.go, test_foo.py, FooTest.java). */
export function isTestPath(path: string): boolean {
  const segments = path.split("/");
  const fileName = segments[segments.length - 1] ?? "";
  if (segments.slice(0, -1).some((segment) => TEST_DIRECTORIES.has(segment.toLowerCase()))) return true;
  return TEST_FILE_PATTERNS.some((pattern) => pattern.test(fileName));
}

const GENERATED_DIRECTORIES = new Set(["dist", "build", "out", "generated", "__generated__", "gen", "vendor", "node_modules", ".next", "coverage"]);
const GENERATED_FILE_PATTERNS = [
  /\.min\.(js|css)$/i,
  /\.(generated|gen|g|pb|pb\.go|designer)\.[^./]+$/i, // foo.generated.ts, foo.pb.go, Form1.Designer.cs
  /_pb2(_grpc)?\.py$/i,
  /\.map$/i,
  /(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|poetry\.lock|go\.sum)$/,
];

/** True for build output, vendored code, lock files, minified bundles and files named as generated. */
export function isGeneratedPath(path: string): boolean {
  const segments = path.split("/");
  const fileName = segments[segments.length - 1] ?? "";
  if (segments.slice(0, -1).some((segment) => GENERATED_DIRECTORIES.has(segment.toLowerCase()))) return true;
  return GENERATED_FILE_PATTERNS.some((pattern) => pattern.test(fileName));
}
