import type { VerticalTemplate } from './types.ts';

export const salon: VerticalTemplate = {
  vertical: 'salon',
  label: 'Hair salon',
  defaults: {
    greeting: 'Thanks for calling {business}, this is the virtual receptionist. How can I help you today?',
    services: [
      {
        name: 'Haircut',
        durationMinutes: 45,
        price: 'from $45',
        keywords: ['haircut', 'hair cut', 'cut', 'trim', 'cut my hair', 'bangs'],
      },
      {
        name: 'Color',
        spoken: 'color appointment',
        durationMinutes: 120,
        price: 'from $95',
        keywords: ['color', 'colour', 'dye', 'roots', 'gray', 'grey', 'coloring'],
      },
      {
        name: 'Highlights',
        spoken: 'highlights appointment',
        durationMinutes: 150,
        price: 'from $130',
        keywords: ['highlights', 'balayage', 'foils', 'lowlights'],
      },
      {
        name: 'Blowout',
        durationMinutes: 45,
        price: '$40',
        keywords: ['blowout', 'blow out', 'blow dry', 'style', 'styling', 'updo'],
      },
      {
        name: 'Manicure',
        durationMinutes: 30,
        price: '$30',
        keywords: ['manicure', 'nails', 'mani', 'pedicure', 'gel'],
      },
    ],
    businessHours: {
      mon: [],
      tue: [{ open: '10:00', close: '19:00' }],
      wed: [{ open: '10:00', close: '19:00' }],
      thu: [{ open: '10:00', close: '20:00' }],
      fri: [{ open: '10:00', close: '20:00' }],
      sat: [{ open: '09:00', close: '17:00' }],
      sun: [],
    },
    bufferMinutes: 15,
    bookingHorizonDays: 45,
    asrKeywords: ['balayage', 'highlights', 'blowout', 'manicure'],
    flags: { emergencyHandling: false, vehicleInfo: false, hipaaMode: false, preferredStylist: true },
    voice: 'Joanna',
    staff: ['Jessica', 'Marco', 'Tanya'],
    faq: [
      {
        question: 'Do you take walk-ins?',
        answer: 'We take walk-ins when a stylist is free, but booking ahead is the best way to get the time you want.',
        keywords: ['walk in', 'walk-in', 'walkin'],
      },
      {
        question: 'What is your cancellation policy?',
        answer: 'Please give us at least twenty four hours notice to cancel or reschedule.',
        keywords: ['cancellation policy', 'late', 'notice'],
      },
    ],
    intake: [
      {
        id: 'stylist',
        ask: 'Do you have a preferred stylist, or is anyone fine?',
        askAgain: 'Which stylist would you like? You can also say anyone is fine.',
        kind: 'choice',
        optionsFromStaff: true,
        required: false,
        when: { flag: 'preferredStylist' },
        readBack: 'with {answer}',
        es: {
          ask: '¿Tiene algún estilista de preferencia, o le da igual?',
          askAgain: '¿Con qué estilista le gustaría? También puede decir que cualquiera.',
          readBack: 'con {answer}',
        },
      },
    ],
    smsConfirmation: false,
    recordingNotice: false,
    changeVerification: 'caller_id_or_digits',
    retentionDays: 90,
  },
};
