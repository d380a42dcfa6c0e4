#!/usr/bin/env node
// Licensed under the Apache License, Version 2.0; see the README.
//
// The accessibility audit: every HTML file given runs through axe-core in
// headless Chromium, once in the light colour scheme and once in the dark,
// and through html-validate; and on a phone's screen (390 x 844 CSS
// pixels) the first item of what to do (the list after <h2 id="todo">)
// must be on the first screen. One line per check on stdout:
//
//   ok axe light en-none.html
//   not ok axe dark ja-expired.html: color-contrast (2 nodes) ...
//   ok html-validate en-none.html
//   ok phone en-none.html
//
//   node build/a11y/audit.js FILE.html ...
//
// CHROMIUM names the browser (default /usr/bin/chromium). Exit status 1
// when any check fails.
'use strict';

const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');
const { HtmlValidate } = require('html-validate');

const axeSource = fs.readFileSync(require.resolve('axe-core'), 'utf8');

const validator = new HtmlValidate({
    extends: ['html-validate:recommended'],
});

function summary(violations) {
    return violations.map((v) => `${v.id} (${v.nodes.length} node${
        v.nodes.length === 1 ? '' : 's'}: ${v.nodes.map((n) =>
        n.target.join(' ')).join(', ')})`).join('; ');
}

async function main(files) {
    let failed = 0;
    const say = (good, what, why) => {
        if (!good) failed++;
        console.log(`${good ? 'ok' : 'not ok'} ${what}${why ? `: ${why}` : ''}`);
    };
    const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic',
               '--no-first-run', '--disable-background-networking',
               '--disable-component-update', '--disable-sync'],
    });
    // One page for every file, each loaded once and checked in both
    // schemes: colours follow the emulated scheme without a reload.
    const desktop = { width: 1280, height: 900 };
    const phone = { width: 390, height: 844 };
    const page = await browser.newPage({ viewport: desktop });
    try {
        for (const file of files) {
            const name = path.basename(file);
            const html = fs.readFileSync(file, 'utf8');
            const report = await validator.validateString(html, file);
            const problems = report.results.flatMap((r) => r.messages)
                .map((m) => `${m.ruleId} at ${m.line}:${m.column}: ${m.message}`);
            say(report.valid, `html-validate ${name}`, problems.join('; '));
            await page.setViewportSize(desktop);
            await page.emulateMedia({ colorScheme: 'light' });
            await page.setContent(html, { waitUntil: 'load' });
            await page.addScriptTag({ content: axeSource });
            for (const scheme of ['light', 'dark']) {
                await page.emulateMedia({ colorScheme: scheme });
                const result = await page.evaluate(() =>
                    window.axe.run(document, { resultTypes: ['violations'] }));
                say(result.violations.length === 0,
                    `axe ${scheme} ${name}`, summary(result.violations));
            }
            await page.setViewportSize(phone);
            const bottom = await page.evaluate(() => {
                const li = document.querySelector('#todo + ul > li');
                return li ? li.getBoundingClientRect().bottom : null;
            });
            say(bottom !== null && bottom <= phone.height, `phone ${name}`,
                bottom === null ? 'no list after #todo'
                    : `the first thing to do ends at ${Math.round(bottom)} px`);
        }
    }
    finally {
        await browser.close();
    }
    return failed;
}

main(process.argv.slice(2)).then(
    (failed) => process.exit(failed ? 1 : 0),
    (err) => { console.error(err); process.exit(2); });
