// Fill an XLIFF 1.2 file's empty targets as a translator's tool would, through the npm
// package `xliff` (an implementation independent of jalon's translate-toolkit):
//   node fill.js IN.xlf OUT.xlf [PREFIX]   → every empty target becomes PREFIX + source
// Prints the number of units read and filled as JSON.
const fs = require('fs')
const xliff12ToJs = require('xliff/cjs/xliff12ToJs')
const jsToXliff12 = require('xliff/cjs/jsToXliff12')

const [input, output, prefix = 'EN: '] = process.argv.slice(2)
const text = (value) => Array.isArray(value) ? value.map(text).join('') : (typeof value === 'string' ? value : '')

xliff12ToJs(fs.readFileSync(input, 'utf8'), (err, js) => {
  if (err) { console.error(String(err)); process.exit(2) }
  let units = 0; let filled = 0
  for (const file of Object.values(js.resources)) {
    for (const unit of Object.values(file)) {
      units++
      if (!text(unit.target).trim()) { unit.target = prefix + text(unit.source); filled++ }
      delete unit.note // a tool may drop the notes; jalon must not need them back
    }
  }
  jsToXliff12(js, (err2, xml) => {
    if (err2) { console.error(String(err2)); process.exit(2) }
    fs.writeFileSync(output, xml)
    console.log(JSON.stringify({ units, filled, files: Object.keys(js.resources) }))
  })
})
