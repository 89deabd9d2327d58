# The Ruby workload: reads a Markdown document through WASI, and does what a
# small report generator does with it: tokenising, counting, sorting, JSON
# round trips and an ERB template. Output is deterministic, so every
# implementation must print the same bytes.
require "json"
require "erb"

text = File.read("/data/commander-readme.md")
words = text.downcase.scan(/[a-z][a-z0-9_]+/)
freq = Hash.new(0)
words.each { |w| freq[w] += 1 }
top = freq.sort_by { |w, n| [-n, w] }.first(40)

headings = text.lines.grep(/\A#+ /).map { |l| l.chomp.sub(/\A(#+) /) { "#{$1.size}:" } }
code_blocks = text.scan(/```(\w*)\n(.*?)```/m)

doc = {
  "bytes" => text.bytesize,
  "lines" => text.lines.size,
  "words" => words.size,
  "distinct" => freq.size,
  "top" => top.to_h,
  "headings" => headings,
  "code_languages" => code_blocks.map(&:first).tally.sort.to_h,
}
# Round-trip the document many times: the JSON extension is real work in C and Ruby.
json = nil
200.times { json = JSON.generate(JSON.parse(JSON.generate(doc))) }

template = ERB.new(<<~HTML, trim_mode: "-")
  <table>
  <%- top.each_with_index do |(w, n), i| -%>
  <tr><td><%= i + 1 %></td><td><%= w %></td><td><%= n %></td></tr>
  <%- end -%>
  </table>
HTML
html = ""
50.times { html = template.result(binding) }

primes = (2..60_000).select { |n| (2..Integer.sqrt(n)).none? { |d| (n % d).zero? } }

File.write("/data/out/report.json", json) if Dir.exist?("/data/out")
puts JSON.pretty_generate(JSON.parse(json))
puts html
puts "primes: #{primes.size} last=#{primes.last} sum=#{primes.sum}"
$stdout.flush
