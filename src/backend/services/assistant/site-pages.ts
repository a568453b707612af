import type { PageContent } from './passages';

/**
 * What the static pages say, for the assistant. Their words live in the Wix editor (and locally in
 * local/preview/templates/*.html), where the backend cannot read them, so this is a short summary
 * of each in the pages' own terms: what a visitor asks about (what FHIR IQ is, the services, how to
 * reach us, how pricing works). Keep it in step with the pages when an editor changes them.
 *
 * Prices, plans, tools, posts and docs are not here: they come from the CMS collections, so an
 * editor's change there reaches the assistant without a code change.
 */
export const STATIC_PAGES: readonly PageContent[] = [
  {
    key: 'page:home',
    source: 'page',
    title: 'FHIR IQ: FHIR you can trust',
    url: '/',
    sections: [
      {
        paragraphs: [
          'Build it, check it, prove it: FHIR you can trust.',
          'FHIR IQ makes FHIR R4 tools for developers, data teams and server vendors. Generate valid FHIR resources from plain language, find exactly what is wrong with your data, and test whether a FHIR server really follows the spec.',
        ],
      },
      {
        heading: 'Three tools, one FHIR engine',
        paragraphs: [
          'FHIR Builder AI (/fhir-builder) writes FHIR for you, the Data Quality Scanner (/data-quality-scanner) checks your data, and the API Testing Suite (/api-testing-suite) tests FHIR servers. Scan your data, or see the plans on the pricing page (/pricing).',
          'The home page also shows the latest posts from the blog and what teams achieved with FHIR IQ in the case studies.',
        ],
      },
      {
        heading: 'Questions about your FHIR project?',
        paragraphs: ['Talk to a FHIR engineer about data quality, testing or an implementation: contact us on the contact page (/contact).'],
      },
    ],
  },
  {
    key: 'page:about',
    source: 'page',
    title: 'About FHIR IQ',
    url: '/about',
    sections: [
      {
        paragraphs: [
          'About FHIR IQ: we build tools for the people who make healthcare data move: developers, data engineers and the teams that run FHIR servers.',
        ],
      },
      {
        heading: 'Why we exist',
        paragraphs: [
          'HL7 FHIR made healthcare APIs look like the rest of the web, but building on it is still hard. Resources can be valid and still wrong. Servers claim capabilities they do not implement. Language models write FHIR that looks right and fails validation.',
          'FHIR IQ answers three questions with one engine: how do I write this as FHIR, is this data right, and does this server follow the spec? Every answer is checked against the FHIR R4 specification itself.',
        ],
      },
      {
        heading: 'How we work',
        paragraphs: [
          'Spec first: every check cites the rule it enforces, and conformance is at least as strict as the HL7 validator.',
          'Your data stays yours: files dropped on the scanner page are scanned in your browser and never uploaded.',
          'Same engine everywhere: the site, the API and the command line run the same code, so results in CI match results on the page.',
        ],
      },
    ],
  },
  {
    key: 'page:services',
    source: 'page',
    title: 'Services',
    url: '/services',
    sections: [
      {
        paragraphs: [
          'Services: three tools for the three jobs every FHIR project has: writing FHIR (FHIR Builder AI), checking data (the Data Quality Scanner) and testing servers (the API Testing Suite). The Services page describes each tool with its features and a link to open it.',
        ],
      },
      {
        heading: 'Need help with an implementation?',
        paragraphs: [
          'Our FHIR engineers review data pipelines, profiles and server conformance. Talk to us through the contact page (/contact).',
        ],
      },
    ],
  },
  {
    key: 'page:contact',
    source: 'page',
    title: 'Contact us',
    url: '/contact',
    sections: [
      {
        paragraphs: [
          'Contact us: questions about FHIR data quality, a demo of the tools, or help with an implementation? Write to us with the contact form and a FHIR engineer will answer within one business day.',
          'The form asks for your name, your work email, your company (optional) and how we can help, and for your consent that FHIR IQ may contact you about the message.',
        ],
      },
      {
        heading: 'Other ways to reach us',
        paragraphs: [
          'Email hello@fhiriq.com.',
          'Looking for product help? The documentation (/docs) covers the scanner, the builder and the API testing suite.',
        ],
      },
    ],
  },
  {
    key: 'page:pricing',
    source: 'page',
    title: 'Pricing',
    url: '/pricing',
    sections: [
      {
        paragraphs: [
          'Pricing: start free. Upgrade a tool when you need more, or take all three with the bundle. Prices are in US dollars per month, and the pricing page can show the plans of one tool at a time.',
          'Free plans start right on the tool pages; paid plans go to the cart and are paid at checkout.',
          'Need invoicing, a purchase order or more users? Contact us (/contact).',
        ],
      },
    ],
  },
  {
    key: 'page:podcast',
    source: 'page',
    title: 'The FHIR IQ Podcast',
    url: '/podcast',
    sections: [
      {
        paragraphs: [
          'The FHIR IQ Podcast: conversations with the people who build, test and clean FHIR data. Every episode has a player, an MP3 download and show notes. Subscribe in any podcast app with the RSS feed at /_functions/podcastFeed.',
        ],
      },
    ],
  },
  {
    key: 'page:blog',
    source: 'page',
    title: 'Blog',
    url: '/blog',
    sections: [
      { paragraphs: ['The FHIR IQ blog: practical notes on FHIR R4: validation, data quality, profiles and the REST API. Posts can be filtered by topic.'] },
    ],
  },
  {
    key: 'page:case-studies',
    source: 'page',
    title: 'Case studies',
    url: '/case-studies',
    sections: [{ paragraphs: ['Case studies: how health systems, payers and digital health teams use FHIR IQ.'] }],
  },
];
