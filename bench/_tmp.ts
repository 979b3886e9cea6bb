import { readFileSync } from "node:fs";
import { ReviewConfig } from "../src/config/sections/review.js";
import { parseCorpus } from "../src/core/review/corpus-evaluation.js";
import { compileRules, evaluateRules } from "../src/core/review/detect.js";
const recs = parseCorpus(readFileSync("/work/shared/data/django-security-corpus/django-2015-2023.jsonl","utf8")).filter(r => Number((r.date??"0").slice(0,4)) <= 2020);
const rules = compileRules(ReviewConfig.parse({}));
for (const r of recs) {
  const ev = evaluateRules({title:"",body:"",labels:[],files:r.files.filter(f=>!f.filename.startsWith("docs/releases/")),filesCapped:false}, rules);
  const sup = ev.matched.every(m => rules.rules.find(x=>x.id===m.id)!.supporting);
  if (r.label==="security" && sup && ev.matched.length) {
    console.log(`== ${r.sha.slice(0,8)} ${ev.matched.map(m=>m.id).join(",")}`);
    for (const f of r.files.filter(f=>!f.filename.startsWith("docs/"))) console.log(`  ${f.filename}\n${(f.patch??"").split("\n").filter(l=>/^[+-]/.test(l)).slice(0,14).map(l=>"    "+l.slice(0,130)).join("\n")}`);
  }
}
